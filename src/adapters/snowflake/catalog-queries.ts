/** The catalog statements: one SHOW ... IN ACCOUNT (or IN DATABASE) per entity kind, whatever the table count. */
import { compileFilter } from '../../catalog/filters.js';
import type { NamePattern } from '../adapter.js';

export type ShowKind =
  | 'DATABASES'
  | 'SCHEMAS'
  | 'TABLES'
  | 'VIEWS'
  | 'COLUMNS'
  | 'PRIMARY KEYS'
  | 'IMPORTED KEYS'
  | 'UNIQUE KEYS';

/** Unquoted when Snowflake would resolve it case-insensitively, else a quoted identifier. */
export function identifier(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_$]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

/** An exact name as the server stores it. */
const quoted = (name: string) => `"${name.replace(/"/g, '""')}"`;

const isLiteral = (glob: string) => !/[*?]/.test(glob);

/** A single literal database include narrows every command to IN DATABASE; otherwise IN ACCOUNT. */
export function scopeDatabase(databases: NamePattern | undefined): string | undefined {
  const include = databases?.include ?? [];
  return include.length === 1 && isLiteral(include[0]!) && !include[0]!.includes('.') ? include[0] : undefined;
}

/** A single unqualified include pattern becomes SHOW's LIKE (case-insensitive, as the filters are). */
export function likePattern(pattern: NamePattern | undefined): string | undefined {
  const filter = compileFilter(pattern);
  if (filter.likeIncludes.length !== 1 || (pattern?.include?.length ?? 0) !== 1) return undefined;
  return filter.likeIncludes[0];
}

export function showSql(kind: ShowKind, database: string | undefined, like?: string): string {
  const likeClause = like !== undefined ? ` LIKE '${like.replace(/'/g, "''")}'` : '';
  if (kind === 'DATABASES') return `SHOW DATABASES${likeClause}`;
  const scope = database === undefined ? 'ACCOUNT' : `DATABASE ${identifier(database)}`;
  return `SHOW ${kind}${likeClause} IN ${scope}`;
}

/**
 * Columns of one database from INFORMATION_SCHEMA, shaped like SHOW COLUMNS' output. Used when SHOW COLUMNS IN
 * ACCOUNT exceeds Snowflake's 10,000-row limit for SHOW (error 090153): one statement per database.
 */
export function informationSchemaColumnsSql(database: string): string {
  const type = "CASE DATA_TYPE WHEN 'NUMBER' THEN 'FIXED' WHEN 'FLOAT' THEN 'REAL' ELSE DATA_TYPE END";
  return [
    'SELECT TABLE_CATALOG AS "database_name", TABLE_SCHEMA AS "schema_name", TABLE_NAME AS "table_name",',
    'COLUMN_NAME AS "column_name",',
    `OBJECT_CONSTRUCT('type', ${type}, 'precision', NUMERIC_PRECISION, 'scale', COALESCE(NUMERIC_SCALE, DATETIME_PRECISION),`,
    "'length', CHARACTER_MAXIMUM_LENGTH, 'nullable', IS_NULLABLE = 'YES')::VARCHAR AS \"data_type\",",
    'COLUMN_DEFAULT AS "default", COMMENT AS "comment", IFF(IS_IDENTITY = \'YES\', \'IDENTITY\', \'\') AS "autoincrement"',
    `FROM ${quoted(database)}.INFORMATION_SCHEMA.COLUMNS ORDER BY TABLE_SCHEMA, TABLE_NAME, ORDINAL_POSITION`,
  ].join(' ');
}

/** Snowflake's error for a SHOW answer past 10,000 rows. */
export const showRowLimitCode = '090153';
