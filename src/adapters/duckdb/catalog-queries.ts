import { globToLike } from '../../catalog/filters.js';
import type { IntrospectOptions, NamePattern } from '../adapter.js';

export interface BoundSql {
  sql: string;
  params: unknown[];
}

/** Schemas DuckDB keeps for compatibility views; left out unless system schemas are asked for. */
export const systemSchemas = ['information_schema', 'pg_catalog'];

/**
 * ILIKE conditions for a glob filter. A glob with a dot is matched against `qualifiedExpr`; an include we cannot
 * express in SQL must not narrow it (the exact filter runs afterwards anyway).
 */
function likeConditions(pattern: NamePattern | undefined, nameExpr: string, qualifiedExpr?: string): BoundSql {
  const target = (glob: string) => (glob.includes('.') ? qualifiedExpr : nameExpr);
  const parts: string[] = [];
  const params: unknown[] = [];
  const includes = pattern?.include ?? [];
  if (includes.length > 0 && includes.every((glob) => target(glob) !== undefined)) {
    parts.push(`(${includes.map((glob) => `${target(glob)} ILIKE ? ESCAPE '\\'`).join(' OR ')})`);
    params.push(...includes.map(globToLike));
  }
  for (const glob of (pattern?.exclude ?? []).filter((item) => target(item) !== undefined)) {
    parts.push(`${target(glob)} NOT ILIKE ? ESCAPE '\\'`);
    params.push(globToLike(glob));
  }
  return { sql: parts.join(' AND '), params };
}

function and(...conditions: BoundSql[]): BoundSql {
  const used = conditions.filter((condition) => condition.sql !== '');
  return {
    sql: used.length === 0 ? 'TRUE' : used.map((condition) => condition.sql).join(' AND '),
    params: used.flatMap((condition) => condition.params),
  };
}

function databaseCondition(options: IntrospectOptions): BoundSql {
  // system and temp are internal databases: they only hold the system schemas and temporary objects.
  const internal = options.includeSystemSchemas ? { sql: '', params: [] } : { sql: 'NOT internal', params: [] };
  return and(internal, likeConditions(options.databases, 'database_name'));
}

function schemaCondition(options: IntrospectOptions): BoundSql {
  const system = options.includeSystemSchemas
    ? { sql: '', params: [] }
    : {
        sql: `schema_name NOT IN (${systemSchemas.map(() => '?').join(', ')}) AND database_name NOT IN ('system', 'temp')`,
        params: [...systemSchemas],
      };
  return and(
    system,
    likeConditions(options.databases, 'database_name'),
    likeConditions(options.schemas, 'schema_name'),
  );
}

function objectCondition(options: IntrospectOptions, nameColumn: string, internalFilter = true): BoundSql {
  return and(
    schemaCondition(options),
    internalFilter && !options.includeSystemSchemas ? { sql: 'NOT internal', params: [] } : { sql: '', params: [] },
    likeConditions(options.tables, nameColumn, `schema_name || '.' || ${nameColumn}`),
  );
}

const bound = (select: string, where: BoundSql, order: string): BoundSql => ({
  sql: `${select} WHERE ${where.sql} ORDER BY ${order}`,
  params: where.params,
});

/** The catalog in seven statements, whatever the number of tables. */
export const catalogQueries = {
  databases: (options: IntrospectOptions) =>
    bound('SELECT database_name, comment, path, type FROM duckdb_databases()', databaseCondition(options), '1'),
  schemas: (options: IntrospectOptions) =>
    bound('SELECT database_name, schema_name, comment FROM duckdb_schemas()', schemaCondition(options), '1, 2'),
  tables: (options: IntrospectOptions) =>
    bound(
      'SELECT database_name, schema_name, table_name, comment, estimated_size, temporary FROM duckdb_tables()',
      objectCondition(options, 'table_name'),
      '1, 2, 3',
    ),
  views: (options: IntrospectOptions) =>
    bound(
      'SELECT database_name, schema_name, view_name, comment, sql, temporary FROM duckdb_views()',
      objectCondition(options, 'view_name'),
      '1, 2, 3',
    ),
  columns: (options: IntrospectOptions) =>
    bound(
      `SELECT database_name, schema_name, table_name, column_name, column_index, comment, column_default, is_nullable,
  data_type FROM duckdb_columns()`,
      objectCondition(options, 'table_name'),
      '1, 2, 3, column_index',
    ),
  constraints: (options: IntrospectOptions) =>
    bound(
      `SELECT database_name, schema_name, table_name, constraint_name, constraint_type, constraint_column_names,
  referenced_table, referenced_column_names FROM duckdb_constraints()`,
      and(
        { sql: `constraint_type IN ('PRIMARY KEY', 'UNIQUE', 'FOREIGN KEY')`, params: [] },
        objectCondition(options, 'table_name', false),
      ),
      '1, 2, 3, constraint_index',
    ),
  indexes: (options: IntrospectOptions) =>
    bound(
      'SELECT database_name, schema_name, table_name, index_name, is_unique, is_primary, expressions, sql FROM duckdb_indexes()',
      objectCondition(options, 'table_name', false),
      '1, 2, 3, 4',
    ),
};
