/**
 * Stub Redshift system views for a local PostgreSQL database: SVV_ALL_SCHEMAS, SVV_TABLES, SVV_COLUMNS,
 * SVV_TABLE_INFO, SVV_MV_INFO, SVV_EXTERNAL_SCHEMAS and SVV_EXTERNAL_TABLES, with Redshift's column names, in a
 * schema put on the database's search_path. They are computed from pg_catalog, plus one made-up external schema
 * `spectrum` with an external table `clicks` (an S3 location cannot exist here). This tests the adapter's plumbing
 * (queries, mapping, filters, privileges), not Redshift's own behaviour: keep the opt-in live test for that.
 */
export const stubSchema = 'redshift_stub';

const local = `FROM pg_namespace n WHERE n.nspname <> '${stubSchema}'`;

export function redshiftStubDdl(): string[] {
  const s = stubSchema;
  return [
    `CREATE SCHEMA ${s}`,
    `CREATE VIEW ${s}.svv_all_schemas AS
      SELECT current_database()::varchar(128) AS database_name, n.nspname::varchar(128) AS schema_name,
        n.nspowner::int AS schema_owner, 'local'::varchar(32) AS schema_type, NULL::varchar AS schema_acl,
        NULL::varchar(128) AS source_database, NULL::varchar AS schema_option ${local}
      UNION ALL SELECT current_database(), 'spectrum', 10, 'external', NULL, 'clickstream', NULL`,
    `CREATE VIEW ${s}.svv_external_schemas AS
      SELECT 1::int AS esoid, 0::int AS eskind, 'spectrum'::varchar(128) AS schemaname, 10::int AS esowner,
        'clickstream'::varchar(128) AS databasename, '{"IAM_ROLE":"arn:aws:iam::123:role/x"}'::varchar AS esoptions`,
    `CREATE VIEW ${s}.svv_tables AS
      SELECT current_database()::varchar(128) AS table_catalog, n.nspname::varchar(128) AS table_schema,
        c.relname::varchar(128) AS table_name,
        (CASE WHEN c.relkind IN ('v', 'm') THEN 'VIEW' ELSE 'BASE TABLE' END)::varchar(64) AS table_type,
        obj_description(c.oid, 'pg_class')::varchar AS remarks
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p', 'v', 'm') AND NOT c.relispartition AND n.nspname <> '${s}'
      UNION ALL SELECT current_database(), 'spectrum', 'clicks', 'EXTERNAL TABLE', NULL`,
    `CREATE VIEW ${s}.svv_external_tables AS
      SELECT current_database()::varchar(128) AS redshift_database_name, 'spectrum'::varchar(128) AS schemaname,
        'clicks'::varchar(128) AS tablename, 's3://example-bucket/clicks/'::varchar AS location,
        'PARQUET'::varchar AS input_format`,
    `CREATE VIEW ${s}.svv_columns AS
      SELECT current_database()::varchar(128) AS table_catalog, n.nspname::varchar(128) AS table_schema,
        c.relname::varchar(128) AS table_name, a.attname::varchar(128) AS column_name, a.attnum::int AS ordinal_position,
        pg_get_expr(d.adbin, d.adrelid)::varchar AS column_default,
        (CASE WHEN a.attnotnull THEN 'NO' ELSE 'YES' END)::varchar(3) AS is_nullable,
        format_type(a.atttypid, NULL)::varchar(128) AS data_type,
        (CASE WHEN a.atttypid IN (1042, 1043) AND a.atttypmod > 0 THEN a.atttypmod - 4 END)::int AS character_maximum_length,
        (CASE WHEN a.atttypid = 1700 AND a.atttypmod > 0 THEN ((a.atttypmod - 4) >> 16) & 65535 END)::int AS numeric_precision,
        (CASE WHEN a.atttypid = 1700 AND a.atttypmod > 0 THEN (a.atttypmod - 4) & 65535 END)::int AS numeric_scale,
        col_description(c.oid, a.attnum)::varchar AS remarks
      FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'v', 'm') AND NOT c.relispartition
        AND n.nspname <> '${s}'
      UNION ALL SELECT current_database(), 'spectrum', 'clicks', 'clicked_at', 1, NULL, 'YES', 'timestamp without time zone', NULL, NULL, NULL, NULL
      UNION ALL SELECT current_database(), 'spectrum', 'clicks', 'url', 2, NULL, 'YES', 'character varying', 2048, NULL, NULL, NULL`,
    `CREATE VIEW ${s}.svv_table_info AS
      SELECT current_database()::text AS database, n.nspname::text AS schema, c.oid::int AS table_id,
        c.relname::text AS "table", ceil(pg_total_relation_size(c.oid) / 1048576.0)::bigint AS size,
        GREATEST(c.reltuples, 0)::numeric(38,0) AS tbl_rows, GREATEST(c.reltuples, 0)::numeric(38,0) AS estimated_visible_rows
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'm') AND n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'`,
    `CREATE VIEW ${s}.svv_mv_info AS
      SELECT current_database()::char(128) AS database_name, m.schemaname::char(128) AS schema_name,
        m.matviewowner::char(128) AS user_name, m.matviewname::char(128) AS name, 'f'::char(1) AS is_stale,
        1::int AS state, 'f'::char(1) AS autorefresh, 'f'::char(1) AS autorewrite
      FROM pg_matviews m`,
    `GRANT USAGE ON SCHEMA ${s} TO PUBLIC`,
    `GRANT SELECT ON ALL TABLES IN SCHEMA ${s} TO PUBLIC`,
    `DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET search_path = "$user", public, ${s}', current_database()); END $$`,
  ];
}
