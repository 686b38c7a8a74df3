import type { SqlDialect } from './dialects.js';

/**
 * Side-effect-free built-ins model-written SQL may call: scalar, aggregate, window and table functions that only
 * compute on their arguments. Anything else (files, sessions, settings, locks, sequences, other servers, functions
 * that run SQL given as a string, user-defined functions) is refused because it is not listed here.
 */
const words = (text: string): string[] => text.trim().split(/\s+/);

const common = words(`
  count sum avg min max stddev stddev_pop stddev_samp variance var_pop var_samp corr covar_pop covar_samp
  regr_slope regr_intercept regr_r2 regr_count regr_avgx regr_avgy regr_sxx regr_syy regr_sxy
  percentile_cont percentile_disc median mode any_value bool_and bool_or every string_agg array_agg listagg
  row_number rank dense_rank percent_rank cume_dist ntile lag lead first_value last_value nth_value
  abs ceil ceiling floor round trunc truncate mod power pow sqrt cbrt exp ln log log10 log2 sign pi degrees radians
  sin cos tan asin acos atan atan2 cot sinh cosh tanh greatest least width_bucket div gcd lcm factorial random
  coalesce nullif ifnull nvl nvl2 isnull if iif
  length char_length character_length octet_length bit_length lower upper initcap trim ltrim rtrim btrim substring
  substr left right concat concat_ws replace translate reverse repeat lpad rpad position strpos instr split_part
  regexp_replace regexp_like regexp_substr regexp_count regexp_instr starts_with ends_with ascii chr md5 sha1 sha256
  to_char to_number to_date to_timestamp format
  current_date current_timestamp current_time localtime localtimestamp now date_trunc date_part extract date time
  timestamp datetime date_add date_sub datediff date_diff dateadd datepart datename timestampadd timestampdiff
  year month day hour minute second quarter week dayofweek dayofmonth dayofyear weekofyear last_day
  make_date add_months months_between
  cast try_cast convert
  array_length cardinality array_position array_contains unnest generate_series
  grouping bit_and bit_or bit_xor count_if to_json
`);

const byDialect: Record<Exclude<SqlDialect, 'generic' | 'ansi'>, string[]> = {
  postgresql: words(`
    age make_time make_timestamp make_timestamptz make_interval justify_days justify_hours justify_interval isfinite
    to_timestamp clock_timestamp statement_timestamp transaction_timestamp date_bin timezone
    json_agg jsonb_agg json_object_agg jsonb_object_agg json_build_object jsonb_build_object json_build_array
    jsonb_build_array to_json to_jsonb row_to_json array_to_json json_array_length jsonb_array_length json_typeof
    jsonb_typeof json_extract_path json_extract_path_text jsonb_extract_path jsonb_extract_path_text
    json_each json_each_text jsonb_each jsonb_each_text json_array_elements json_array_elements_text
    jsonb_array_elements jsonb_array_elements_text json_object_keys jsonb_object_keys jsonb_strip_nulls
    jsonb_pretty jsonb_path_query jsonb_path_query_first jsonb_path_exists jsonb_set jsonb_insert
    json_to_record json_to_recordset jsonb_to_record jsonb_to_recordset
    array_to_string string_to_array string_to_table regexp_split_to_table regexp_split_to_array regexp_matches
    regexp_match array_append array_prepend array_cat array_remove array_replace array_dims array_lower
    array_upper generate_subscripts
    bit_and bit_or bit_xor quote_ident quote_literal quote_nullable encode decode to_hex md5 overlay
    split_part num_nulls num_nonnulls scale trim_scale min_scale gen_random_uuid
  `),
  redshift: words(`
    getdate sysdate convert_timezone date_cmp months_between next_day listagg median approximate
    json_extract_path_text json_extract_array_element_text json_array_length json_parse json_serialize
    is_valid_json split_part strtol regexp_substr nvl2 decode ratio_to_report bit_and bit_or len
  `),
  mysql: words(`
    group_concat json_extract json_unquote json_value json_contains json_keys json_length json_object
    json_array json_type json_valid json_search json_arrayagg json_objectagg json_table
    date_format str_to_date from_unixtime unix_timestamp curdate curtime sysdate utc_date utc_timestamp
    to_days from_days makedate period_diff period_add yearweek weekday monthname dayname
    ucase lcase mid space strcmp field elt find_in_set locate soundex hex unhex crc32 sha2 conv bin oct
    bit_count truncate uuid json_pretty regexp_substr substring_index json_contains_path json_depth json_overlaps
  `),
  snowflake: words(`
    iff div0 div0null zeroifnull nullifzero nvl2 decode equal_null count_if sum_if approx_count_distinct
    approx_percentile hll listagg array_agg object_agg array_construct array_size array_slice array_to_string
    object_construct parse_json try_parse_json get get_path flatten split split_part split_to_table strtok
    to_varchar to_char to_decimal to_number to_double to_boolean to_date to_timestamp to_timestamp_ntz
    to_timestamp_ltz to_timestamp_tz try_to_number try_to_date try_to_timestamp try_to_decimal
    convert_timezone dateadd datediff date_trunc time_slice dayname monthname last_day next_day previous_day
    contains startswith endswith charindex editdistance boolor_agg booland_agg ratio_to_report sha2 md5_hex
    hash regexp_substr regexp_count rlike ilike typeof is_null_value seq1 seq2 seq4 seq8 uniform normal generator
    array_compact array_distinct array_flatten array_intersection object_keys object_insert
  `),
  bigquery: words(`
    countif logical_and logical_or approx_count_distinct approx_quantiles approx_top_count array_concat
    array_to_string generate_array generate_date_array generate_timestamp_array array_reverse safe_divide
    safe_multiply safe_add safe_subtract safe_negate safe_cast ieee_divide
    date_add date_sub date_diff date_trunc datetime_add datetime_sub datetime_diff datetime_trunc timestamp_add
    timestamp_sub timestamp_diff timestamp_trunc time_add time_sub time_diff time_trunc format_date
    format_datetime format_timestamp parse_date parse_datetime parse_timestamp unix_seconds unix_millis
    timestamp_seconds timestamp_millis extract last_day
    json_extract json_extract_scalar json_value json_query json_extract_array json_query_array to_json_string
    to_json parse_json string bool int64 float64 lax_string
    regexp_contains regexp_extract regexp_extract_all split starts_with ends_with strpos contains_substr
    farm_fingerprint sha512 to_hex from_hex format byte_length char_length normalize
    string_agg array_agg struct offset ordinal safe_offset safe_ordinal
  `),
  mssql: words(`
    len datalength charindex patindex stuff str quotename string_split string_agg concat_ws trim
    getdate getutcdate sysdatetime sysutcdatetime sysdatetimeoffset eomonth datefromparts datetimefromparts
    datediff_big dateadd datediff datepart datename isdate isnumeric try_convert try_parse parse format
    iif choose count_big checksum_agg approx_count_distinct json_value json_query isjson openjson newid
    square
  `),
  databricks: words(`
    count_if approx_count_distinct approx_percentile percentile collect_list collect_set explode explode_outer
    posexplode posexplode_outer inline element_at size array_contains array_distinct array_join array_max
    array_min array_sort array_union sort_array sequence slice get_json_object from_json to_json json_tuple
    schema_of_json map_keys map_values named_struct struct
    date_format to_date to_timestamp unix_timestamp from_unixtime date_add date_sub datediff dateadd
    date_trunc trunc add_months months_between last_day next_day dayofweek weekofyear current_timezone
    regexp_extract regexp_extract_all rlike split split_part startswith endswith contains instr locate
    nvl nvl2 ifnull nullif iff decode sha2 hash xxhash64 try_divide try_add try_cast try_to_number typeof
    bool_and bool_or every some any max_by min_by first last percentile_approx array map filter transform
    aggregate exists forall array_position array_remove array_except array_intersect
  `),
  duckdb: words(`
    count_star arg_max arg_min max_by min_by first last list histogram approx_count_distinct approx_quantile
    quantile quantile_cont quantile_disc mad kurtosis skewness entropy product fsum favg bit_and bit_or bit_xor
    bool_and bool_or string_agg group_concat list_value list_extract list_element list_contains list_has
    list_position list_concat list_distinct list_sort list_reverse list_slice list_aggregate list_transform
    list_filter list_sum list_min list_max len array_slice array_concat array_to_string flatten
    range generate_series unnest struct_pack struct_extract map map_keys map_values map_extract
    date_diff datediff date_sub date_add date_part datepart date_trunc datetrunc time_bucket strftime strptime
    epoch epoch_ms make_timestamp make_date make_time to_timestamp age last_day dayname monthname isodow isoyear
    yearweek era century decade millennium microsecond millisecond
    json_extract json_extract_string json_extract_path json_extract_path_text json_value json_array_length
    json_type json_keys json_valid json_object json_array json_group_array json_group_object to_json json
    regexp_matches regexp_extract regexp_extract_all regexp_split_to_array string_split str_split split_part
    starts_with ends_with prefix suffix contains ilike like_escape levenshtein jaro_winkler_similarity
    damerau_levenshtein hamming jaccard array_length list_count hash md5 sha256 format printf typeof ifnull
    nullif greatest least round_even even bit_count isnan isinf isfinite json_exists columns regexp_full_match
    list_has_any list_has_all array_has array_has_any array_has_all
  `),
};

const allowed = new Map<SqlDialect, ReadonlySet<string>>(
  Object.entries(byDialect).map(([dialect, names]) => [dialect as SqlDialect, new Set([...common, ...names])]),
);
// 'generic' and 'ansi' get only the common list: the engine is unknown, so nothing engine-specific is assumed safe.
allowed.set('generic', new Set(common));
allowed.set('ansi', new Set(common));

/** Whether `name` (lower-case, unqualified) is a side-effect-free built-in of `dialect`. */
export function isAllowedFunction(name: string, dialect: SqlDialect): boolean {
  return allowed.get(dialect)?.has(name) ?? false;
}

/** A few allowed names for messages, so the model knows what it may write instead. */
export function allowedFunctionExamples(dialect: SqlDialect): string {
  const names = [...(allowed.get(dialect) ?? [])];
  return `${names.slice(0, 24).join(', ')} and other built-in scalar, aggregate and window functions`;
}

/**
 * Schemas that qualify built-ins: `pg_catalog.lower(x)` is `lower(x)`. A function qualified by any other schema is a
 * user-defined one and is refused (its body cannot be checked).
 */
export const builtinFunctionSchemas: Partial<Record<SqlDialect, readonly string[]>> = {
  postgresql: ['pg_catalog'],
  redshift: ['pg_catalog'],
  bigquery: ['safe'],
};
