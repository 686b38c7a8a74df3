import type { IntrospectOptions } from '../adapter.js';
import { nameFilterSql, SqlParams } from '../kernel/sql-name-filter.js';

/**
 * The catalog queries: one per entity kind, each covering every table at once, so introspection costs the same
 * number of statements for 10 or 10,000 tables. Filters are pushed into each query. Needs PostgreSQL 12+.
 */

export interface CatalogQuery {
  text: string;
  values: unknown[];
}

const systemSchemas = (n: string) => `(${n}.nspname NOT LIKE 'pg\\_%' AND ${n}.nspname <> 'information_schema')`;

/**
 * Conditions on namespace `n` and relation `c` (or the aliases given): filters, system schemas, and schemas the
 * user may use.
 */
function relationScope(params: SqlParams, options: IntrospectOptions, n = 'n', c = 'c'): string {
  return [
    nameFilterSql(params, options.schemas, `${n}.nspname`),
    nameFilterSql(params, options.tables, `${c}.relname`, `${n}.nspname || '.' || ${c}.relname`),
    options.includeSystemSchemas ? 'TRUE' : systemSchemas(n),
    // Schemas without USAGE are reported as warnings by the schema query, not listed half-readable.
    `has_schema_privilege(${n}.oid, 'USAGE')`,
    // Partitions appear under their parent's `partitioning`, not as tables of their own.
    `NOT ${c}.relispartition`,
  ].join(' AND ');
}

/** The kinds of relation listed (relation `c`), whose columns the columns query reads. */
const listedKinds = (c = 'c') => `${c}.relkind IN ('r', 'v', 'm', 'f', 'p')`;

// One index probe per key column: a join here made the planner scan every attribute of the referenced table
// (a third of the constraints query at 50,000 tables). Keys with no column (0: a partition key expression) drop out.
// Name lists come as JSON (JSON.parse is native; the driver's text[] parser is JavaScript, ~12 ms for the foreign
// keys of 5,000 tables).
const columnNames = (keys: string, relid: string) =>
  `to_json(ARRAY(SELECT named.name FROM (SELECT k.ord, (SELECT a.attname::text FROM pg_attribute a
       WHERE a.attrelid = ${relid} AND a.attnum = k.attnum) AS name
     FROM unnest(${keys}::int2[]) WITH ORDINALITY AS k(attnum, ord)) named
   WHERE named.name IS NOT NULL ORDER BY named.ord))`;

export function versionQuery(): CatalogQuery {
  return { text: "SELECT current_setting('server_version') AS version, current_database() AS database", values: [] };
}

/** Enum types with their labels, as one JSON array per schema (no statement added). */
const enumsBySchema = `SELECT t.typnamespace AS nsp, json_agg(json_build_object('name', t.typname,
      'comment', obj_description(t.oid, 'pg_type'),
      'labels', ARRAY(SELECT e.enumlabel::text FROM pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder))
      ORDER BY t.typname) AS list
    FROM pg_type t WHERE t.typtype = 'e' GROUP BY t.typnamespace`;

/** Sequences with their bounds (as text: they exceed 2^53) and owning column, as one JSON array per schema. */
const sequencesBySchema = `SELECT sc.relnamespace AS nsp, json_agg(json_build_object('name', sc.relname,
      'dataType', format_type(s.seqtypid, NULL), 'start', s.seqstart::text, 'increment', s.seqincrement::text,
      'min', s.seqmin::text, 'max', s.seqmax::text, 'cycle', s.seqcycle,
      'table', oc.relname, 'column', oa.attname, 'identity', d.deptype = 'i') ORDER BY sc.relname) AS list
    FROM pg_sequence s JOIN pg_class sc ON sc.oid = s.seqrelid
      LEFT JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = s.seqrelid
        AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
      LEFT JOIN pg_class oc ON oc.oid = d.refobjid
      LEFT JOIN pg_attribute oa ON oa.attrelid = d.refobjid AND oa.attnum = d.refobjsubid
    GROUP BY sc.relnamespace`;

/** Schemas with their enums and sequences (grouped once, not per schema: one pass over pg_class). */
export function schemasQuery(options: IntrospectOptions): CatalogQuery {
  const params = new SqlParams();
  const text = `WITH enums AS (${enumsBySchema}), sequences AS (${sequencesBySchema})
    SELECT n.nspname AS schema, obj_description(n.oid, 'pg_namespace') AS comment,
      pg_get_userbyid(n.nspowner) AS owner, has_schema_privilege(n.oid, 'USAGE') AS usable,
      CASE WHEN has_schema_privilege(n.oid, 'USAGE') THEN e.list END AS enums,
      CASE WHEN has_schema_privilege(n.oid, 'USAGE') THEN sq.list END AS sequences
    FROM pg_namespace n
      LEFT JOIN enums e ON e.nsp = n.oid
      LEFT JOIN sequences sq ON sq.nsp = n.oid
    WHERE ${nameFilterSql(params, options.schemas, 'n.nspname')}
      AND ${options.includeSystemSchemas ? 'TRUE' : systemSchemas('n')}
    ORDER BY n.nspname`;
  return { text, values: params.values };
}

export function relationsQuery(options: IntrospectOptions): CatalogQuery {
  const params = new SqlParams();
  const text = `SELECT n.nspname AS schema, c.relname AS table, c.relkind AS relkind, c.relpersistence AS persistence,
      ds.description AS comment,
      CASE WHEN c.reltuples >= 0 THEN c.reltuples::float8 END AS row_estimate,
      -- From the page counts VACUUM/ANALYZE keep (table, TOAST, indexes): pg_total_relation_size would stat every
      -- file of every relation, which dominated introspection time on large catalogs.
      CASE WHEN c.relkind IN ('r', 'm') THEN ((c.relpages::float8 + COALESCE(toast.relpages, 0)
        + COALESCE((SELECT sum(ic.relpages) FROM pg_index x JOIN pg_class ic ON ic.oid = x.indexrelid WHERE x.indrelid = c.oid), 0))
        * current_setting('block_size')::float8) END AS size_bytes,
      CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid, true) END AS view_definition,
      has_table_privilege(c.oid, 'SELECT') AS can_select
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      LEFT JOIN pg_class toast ON toast.oid = c.reltoastrelid
      LEFT JOIN pg_description ds ON ds.objoid = c.oid AND ds.classoid = 'pg_class'::regclass AND ds.objsubid = 0
    WHERE ${listedKinds()} AND ${relationScope(params, options)}
    ORDER BY n.nspname, c.relname`;
  return { text, values: params.values };
}

/**
 * One row per relation, its columns as one JSON array of arrays (name, ordinal, nativeType, familyType, nullable,
 * default, comment, isIdentity, isGenerated; read by catalog-rows.ts toColumns): the driver parses one JSON text per
 * relation natively instead of a dozen text fields per column, which was the largest share of introspection's
 * JavaScript time on large catalogs.
 */
export function columnsQuery(options: IntrospectOptions): CatalogQuery {
  const params = new SqlParams();
  const text = `SELECT n.nspname AS schema, c.relname AS table, json_agg(json_build_array(a.attname, a.attnum,
        format_type(a.atttypid, a.atttypmod),
        CASE t.typtype WHEN 'e' THEN 'text' WHEN 'd' THEN format_type(t.typbasetype, t.typtypmod) END,
        NOT a.attnotnull,
        -- Looked up only for the columns that have a default (a join probed pg_attrdef for every column). Given a
        -- relation, pg_get_expr opens it (a lock and a relcache entry per table); only a generated column's expression
        -- can name columns, so a plain default is deparsed without one.
        CASE WHEN a.atthasdef THEN (SELECT pg_get_expr(d.adbin, CASE WHEN a.attgenerated = '' THEN 0 ELSE d.adrelid END)
          FROM pg_attrdef d WHERE d.adrelid = a.attrelid AND d.adnum = a.attnum) END,
        ds.description, a.attidentity <> '', a.attgenerated <> '')
        ORDER BY a.attnum) AS columns
    FROM pg_attribute a
      JOIN pg_class c ON c.oid = a.attrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_type t ON t.oid = a.atttypid
      -- A join, not col_description() per column: one hash join instead of an index probe per row.
      LEFT JOIN pg_description ds ON ds.objoid = c.oid AND ds.classoid = 'pg_class'::regclass AND ds.objsubid = a.attnum
    WHERE a.attnum > 0 AND NOT a.attisdropped AND ${listedKinds()} AND ${relationScope(params, options)}
    GROUP BY n.nspname, c.relname
    ORDER BY n.nspname, c.relname`;
  return { text, values: params.values };
}

export function constraintsQuery(options: IntrospectOptions): CatalogQuery {
  const params = new SqlParams();
  const text = `SELECT n.nspname AS schema, c.relname AS table, con.conname AS name, con.contype AS type,
      -- Column numbers (as text: the driver's int array parser is slow), named from the columns query's rows.
      array_to_string(con.conkey, ',') AS column_numbers,
      fn.nspname AS ref_schema, fc.relname AS ref_table,
      CASE WHEN con.contype = 'f' THEN array_to_string(con.confkey, ',') END AS ref_column_numbers,
      -- A referenced table the columns query reads has its columns named from it; only one out of its scope
      -- (filtered out, a partition, a schema without USAGE) is named here: naming every one here, a subquery per
      -- key, was half of this query.
      CASE WHEN con.contype = 'f' AND NOT (${listedKinds('fc')}
        AND ${relationScope(params, options, 'fn', 'fc')}) THEN ${columnNames('con.confkey', 'con.confrelid')} END AS ref_columns,
      con.confupdtype AS on_update, con.confdeltype AS on_delete,
      CASE WHEN con.contype = 'c' THEN pg_get_constraintdef(con.oid, true) END AS definition
    FROM pg_constraint con
      JOIN pg_class c ON c.oid = con.conrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
      LEFT JOIN pg_class fc ON fc.oid = con.confrelid
      LEFT JOIN pg_namespace fn ON fn.oid = fc.relnamespace
    WHERE con.contype IN ('p', 'f', 'u', 'c') AND con.conparentid = 0 AND ${relationScope(params, options)}
    -- A relation's rows together, by name (the order of its keys): ordering by schema and table names made the
    -- planner join every constraint to every schema to keep the schema order, a third of this query.
    ORDER BY c.oid, con.conname`;
  return { text, values: params.values };
}

export function indexesQuery(options: IntrospectOptions): CatalogQuery {
  const params = new SqlParams();
  const text = `SELECT n.nspname AS schema, c.relname AS table, i.relname AS name, ix.indisunique AS unique,
      ix.indisprimary AS primary, am.amname AS method,
      array_to_string(ix.indkey::int2[], ',') AS column_numbers, ix.indnkeyatts AS key_count,
      CASE WHEN ix.indexprs IS NOT NULL OR ix.indpred IS NOT NULL THEN pg_get_indexdef(ix.indexrelid) END AS definition
    FROM pg_index ix
      JOIN pg_class i ON i.oid = ix.indexrelid
      JOIN pg_class c ON c.oid = ix.indrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_am am ON am.oid = i.relam
    WHERE ${relationScope(params, options)}
    ORDER BY n.nspname, c.relname, i.relname`;
  return { text, values: params.values };
}

export function partitionsQuery(options: IntrospectOptions): CatalogQuery {
  const params = new SqlParams();
  const text = `SELECT n.nspname AS schema, c.relname AS table, pt.partstrat AS strategy,
      ${columnNames('pt.partattrs', 'pt.partrelid')} AS columns,
      to_json(ARRAY(SELECT ch.relname::text FROM pg_inherits inh JOIN pg_class ch ON ch.oid = inh.inhrelid
        WHERE inh.inhparent = c.oid ORDER BY ch.relname)) AS partitions,
      to_json(ARRAY(SELECT pg_get_expr(ch.relpartbound, ch.oid) FROM pg_inherits inh JOIN pg_class ch ON ch.oid = inh.inhrelid
        WHERE inh.inhparent = c.oid ORDER BY ch.relname)) AS bounds
    FROM pg_partitioned_table pt
      JOIN pg_class c ON c.oid = pt.partrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE ${relationScope(params, options)}
    ORDER BY n.nspname, c.relname`;
  return { text, values: params.values };
}

/**
 * pg_stats for every column at once (it shows only the columns of tables the user may read; the rest fall back to
 * sampling). Min and max of text columns are computed here, over the histogram and the most common values together,
 * in the column's collation (default or "C"; other collations get none); other types are compared by the caller.
 */
export function statsQuery(options: IntrospectOptions): CatalogQuery {
  const params = new SqlParams();
  const textTypes = "bt.typname IN ('text', 'varchar', 'bpchar', 'name')";
  const allValues = `unnest(COALESCE(s.most_common_vals::text::text[], '{}') || COALESCE(s.histogram_bounds::text::text[], '{}'))`;
  const textBound = (fn: 'min' | 'max') => `CASE WHEN ${textTypes} AND a.attcollation = 100
        THEN (SELECT ${fn}(v) FROM ${allValues} v)
      WHEN ${textTypes} AND a.attcollation = 950 THEN (SELECT ${fn}(v COLLATE "C") FROM ${allValues} v) END`;
  const text = `SELECT s.schemaname AS schema, s.tablename AS table, s.attname AS column, s.null_frac::float8 AS null_frac,
      s.n_distinct::float8 AS n_distinct, bt.typname AS base_type,
      CASE WHEN NOT ${textTypes} THEN s.histogram_bounds::text END AS histogram_bounds,
      s.most_common_vals::text AS most_common_vals,
      ${textBound('min')} AS text_min, ${textBound('max')} AS text_max,
      current_setting('DateStyle') LIKE 'ISO%' AS iso_dates
    FROM pg_stats s
      JOIN pg_namespace n ON n.nspname = s.schemaname
      JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = s.tablename
      JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = s.attname
      JOIN pg_type t ON t.oid = a.atttypid
      JOIN pg_type bt ON bt.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END
    WHERE c.relkind IN ('r', 'm', 'p', 'f') AND (NOT s.inherited OR c.relkind = 'p')
      AND ${relationScope(params, options)}
    ORDER BY s.schemaname, s.tablename, s.attname`;
  return { text, values: params.values };
}

/** pg_stats of text-like columns for field values: distinct estimate, most common values, the row estimate. */
export function fieldValueStatsQuery(options: IntrospectOptions): CatalogQuery {
  const params = new SqlParams();
  const text = `SELECT s.schemaname AS schema, s.tablename AS table, s.attname AS column,
      s.n_distinct::float8 AS n_distinct, s.most_common_vals::text AS most_common_vals,
      CASE WHEN c.reltuples >= 0 THEN c.reltuples::float8 END AS row_estimate
    FROM pg_stats s
      JOIN pg_namespace n ON n.nspname = s.schemaname
      JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = s.tablename
    WHERE (NOT s.inherited OR c.relkind = 'p') AND ${relationScope(params, options)}`;
  return { text, values: params.values };
}
