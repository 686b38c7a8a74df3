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
