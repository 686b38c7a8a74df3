import type { IntrospectOptions } from '../adapter.js';
import { nameFilterSql, SqlParams } from '../kernel/sql-name-filter.js';

/**
 * Redshift catalog queries, one per entity kind, over the SVV_* system views (which also cover late-binding views,
 * external schemas and tables, and datashares) plus pg_class for view text. Only constructs Redshift's leader node
 * accepts: no arrays, no unnest, one parameter per filter pattern.
 */

export interface CatalogQuery {
  text: string;
  values: unknown[];
}

const systemSchemas = (column: string) =>
  `(${column} NOT LIKE 'pg\\_%' AND ${column} NOT IN ('information_schema', 'catalog_history'))`;

/** Filters on a (schema, table) pair of columns, plus system schemas. */
function scope(params: SqlParams, options: IntrospectOptions, schema: string, table?: string): string {
  const parts = [nameFilterSql(params, options.schemas, schema)];
  if (table) parts.push(nameFilterSql(params, options.tables, table, `${schema} || '.' || ${table}`));
  if (!options.includeSystemSchemas) parts.push(systemSchemas(schema));
  return parts.join(' AND ');
}

export function versionQuery(): CatalogQuery {
  return { text: 'SELECT version() AS version, current_database() AS database', values: [] };
}

export function schemasQuery(options: IntrospectOptions): CatalogQuery {
  const params = new SqlParams();
  const text = `SELECT s.schema_name AS schema, s.schema_type AS schema_type, s.source_database AS source_database,
      CASE WHEN s.schema_type = 'local' THEN has_schema_privilege(s.schema_name, 'USAGE') ELSE true END AS usable
    FROM svv_all_schemas s
    WHERE s.database_name = current_database() AND ${scope(params, options, 's.schema_name')}
    ORDER BY s.schema_name`;
  return { text, values: params.values };
}

export function externalSchemasQuery(options: IntrospectOptions): CatalogQuery {
  const params = new SqlParams();
  const text = `SELECT e.schemaname AS schema, e.databasename AS external_database, e.eskind AS kind
    FROM svv_external_schemas e
    WHERE ${scope(params, options, 'e.schemaname')}
    ORDER BY e.schemaname`;
  return { text, values: params.values };
}

export function tablesQuery(options: IntrospectOptions): CatalogQuery {
  const params = new SqlParams();
  const text = `SELECT t.table_schema AS schema, t.table_name AS table, t.table_type AS table_type, t.remarks AS comment,
      i.estimated_visible_rows::float8 AS row_estimate, i.size::float8 AS size_mb,
      mv.name IS NOT NULL AS is_materialized
    FROM svv_tables t
      LEFT JOIN svv_table_info i
        ON i.database = t.table_catalog AND i.schema = t.table_schema AND i."table" = t.table_name
      LEFT JOIN svv_mv_info mv
        ON mv.database_name = t.table_catalog AND mv.schema_name = t.table_schema AND mv.name = t.table_name
    WHERE t.table_catalog = current_database() AND ${scope(params, options, 't.table_schema', 't.table_name')}
    ORDER BY t.table_schema, t.table_name`;
  return { text, values: params.values };
}

export function externalTablesQuery(options: IntrospectOptions): CatalogQuery {
  const params = new SqlParams();
  const text = `SELECT x.schemaname AS schema, x.tablename AS table, x.location AS location
    FROM svv_external_tables x
    WHERE ${scope(params, options, 'x.schemaname', 'x.tablename')}
    ORDER BY x.schemaname, x.tablename`;
  return { text, values: params.values };
}

/** View text (late-binding views included) from pg_class, which every Redshift node keeps. */
export function viewDefinitionsQuery(options: IntrospectOptions): CatalogQuery {
  const params = new SqlParams();
  const text = `SELECT n.nspname AS schema, c.relname AS table, pg_get_viewdef(c.oid, true) AS definition
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('v', 'm') AND ${scope(params, options, 'n.nspname', 'c.relname')}
    ORDER BY n.nspname, c.relname`;
  return { text, values: params.values };
}

export function columnsQuery(options: IntrospectOptions): CatalogQuery {
  const params = new SqlParams();
  const text = `SELECT c.table_schema AS schema, c.table_name AS table, c.column_name AS name,
      c.ordinal_position AS ordinal, c.data_type AS data_type, c.character_maximum_length AS char_length,
      c.numeric_precision AS precision, c.numeric_scale AS scale, c.is_nullable AS is_nullable,
      c.column_default AS default, c.remarks AS comment
    FROM svv_columns c
    WHERE c.table_catalog = current_database() AND ${scope(params, options, 'c.table_schema', 'c.table_name')}
    ORDER BY c.table_schema, c.table_name, c.ordinal_position`;
  return { text, values: params.values };
}

/**
 * Primary, unique and foreign keys (informational on Redshift), one row per key column. The referenced column is
 * matched by position in the referenced key.
 */
export function constraintsQuery(options: IntrospectOptions): CatalogQuery {
  const params = new SqlParams();
  const text = `SELECT tc.table_schema AS schema, tc.table_name AS table, tc.constraint_name AS name,
      tc.constraint_type AS type, k.column_name AS column, k.ordinal_position AS position,
      r.table_schema AS ref_schema, r.table_name AS ref_table, r.column_name AS ref_column,
      rc.update_rule AS on_update, rc.delete_rule AS on_delete
    FROM information_schema.table_constraints tc
      JOIN information_schema.key_column_usage k
        ON k.constraint_schema = tc.constraint_schema AND k.constraint_name = tc.constraint_name
          AND k.table_name = tc.table_name
      LEFT JOIN information_schema.referential_constraints rc
        ON rc.constraint_schema = tc.constraint_schema AND rc.constraint_name = tc.constraint_name
      LEFT JOIN information_schema.key_column_usage r
        ON r.constraint_schema = rc.unique_constraint_schema AND r.constraint_name = rc.unique_constraint_name
          AND r.ordinal_position = k.ordinal_position
    WHERE tc.constraint_type IN ('PRIMARY KEY', 'UNIQUE', 'FOREIGN KEY')
      AND ${scope(params, options, 'tc.table_schema', 'tc.table_name')}
    ORDER BY tc.table_schema, tc.table_name, tc.constraint_name, k.ordinal_position`;
  return { text, values: params.values };
}
