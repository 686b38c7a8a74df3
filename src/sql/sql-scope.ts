import type { Catalog } from '../catalog/model.js';
import type { SqlDialect } from './dialects.js';

/** The tables model-written SQL may read: database -> schema -> table names, as the catalog spells them. */
export interface SqlScope {
  databases: ReadonlyArray<{
    name: string;
    schemas: ReadonlyArray<{ name: string; tables: readonly string[] }>;
  }>;
  /**
   * The database a two-part `schema.table` name resolves to on this connection. When absent, two-part names are
   * accepted only if the scope holds exactly one database; otherwise three parts are required.
   */
  defaultDatabase?: string;
}

/** A scope of every table and view of a catalog (what the agent may query for one data source). */
export function sqlScopeFromCatalog(catalog: Catalog, defaultDatabase?: string): SqlScope {
  return {
    databases: catalog.databases.map((database) => ({
      name: database.name,
      schemas: database.schemas.map((schema) => ({
        name: schema.name,
        tables: schema.tables.map((table) => table.name),
      })),
    })),
    ...(defaultDatabase ? { defaultDatabase } : {}),
  };
}

/** One part of a name as the parser read it. */
export interface NamePart {
  value: string;
  quoted: boolean;
}

/**
 * The comparison key of a name part: how the engine itself folds it. PostgreSQL and Redshift fold unquoted names to
 * lower case and keep quoted ones exact; Snowflake folds unquoted names to upper case; the other engines compare
 * table names case-insensitively (their default collations and settings).
 */
export function foldName(part: NamePart, dialect: SqlDialect): string {
  switch (dialect) {
    case 'postgresql':
    case 'redshift':
      return part.quoted ? part.value : part.value.toLowerCase();
    case 'snowflake':
      return part.quoted ? part.value : part.value.toUpperCase();
    default:
      return part.value.toLowerCase();
  }
}

/** The key of a catalog name, comparable with `foldName` (catalog names are exact, as the engine stores them). */
function catalogKey(name: string, dialect: SqlDialect): string {
  return isCaseSensitive(dialect) ? name : name.toLowerCase();
}

const isCaseSensitive = (dialect: SqlDialect): boolean =>
  dialect === 'postgresql' || dialect === 'redshift' || dialect === 'snowflake';

export type Resolution = { ok: true; qualified: string } | { ok: false; reason: string };

function tablesNamed(scope: SqlScope, table: string, dialect: SqlDialect): string[] {
  const found: string[] = [];
  for (const database of scope.databases) {
    for (const schema of database.schemas) {
      if (schema.tables.some((name) => catalogKey(name, dialect) === table)) found.push(`${schema.name}.${table}`);
    }
  }
  return found;
}

function findTable(
  scope: SqlScope,
  dialect: SqlDialect,
  database: string | undefined,
  schema: string,
  table: string,
): string | undefined {
  for (const db of scope.databases) {
    if (database !== undefined && catalogKey(db.name, dialect) !== database) continue;
    const sc = db.schemas.find((candidate) => catalogKey(candidate.name, dialect) === schema);
    const name = sc?.tables.find((candidate) => catalogKey(candidate, dialect) === table);
    if (sc && name) return `${db.name}.${sc.name}.${name}`;
  }
  return undefined;
}

/** The database two-part names resolve to, or undefined when three parts are needed. */
function twoPartDatabase(scope: SqlScope, dialect: SqlDialect): string | undefined {
  if (scope.defaultDatabase !== undefined) return catalogKey(scope.defaultDatabase, dialect);
  const only = scope.databases.length === 1 ? scope.databases[0] : undefined;
  return only ? catalogKey(only.name, dialect) : undefined;
}

/**
 * Resolves a table reference (CTE names are handled by the caller) to a table of the scope, or says why not in words
 * the model can act on. One-part names are refused: the engine would resolve them through a search path the guard
 * cannot see (PostgreSQL searches pg_catalog first), so every table is named with its schema.
 */
export function resolveTable(scope: SqlScope, parts: readonly NamePart[], dialect: SqlDialect): Resolution {
  const keys = parts.map((part) => foldName(part, dialect));
  const written = parts.map((part) => part.value).join('.');
  if (keys.length === 1) {
    const candidates = tablesNamed(scope, keys[0] as string, dialect);
    if (candidates.length > 0) {
      return {
        ok: false,
        reason: `Table ${written} must be qualified with its schema: write ${candidates.slice(0, 3).join(' or ')}`,
      };
    }
  }
  if (keys.length > 3) {
    return { ok: false, reason: `Table name ${written} has too many parts (linked servers are not allowed)` };
  }
  if (keys.length === 1) return notInCatalog(written, []);
  const [schema, table] = keys.slice(-2) as [string, string];
  const database = keys.length === 3 ? keys[0] : twoPartDatabase(scope, dialect);
  if (keys.length === 2 && database === undefined) {
    return {
      ok: false,
      reason: `Table ${written} must be qualified with its database (database.schema.table): this data source has several`,
    };
  }
  const found = findTable(scope, dialect, database, schema, table);
  if (found) return { ok: true, qualified: found };
  return notInCatalog(written, tablesNamed(scope, table, dialect));
}

function notInCatalog(written: string, candidates: string[]): Resolution {
  const hint = candidates.length > 0 ? ` Did you mean ${candidates.slice(0, 3).join(' or ')}?` : '';
  return {
    ok: false,
    reason: `Table ${written} is not in the catalog of this data source (only its introspected tables and views may be queried; system catalogs, files and other databases may not)${hint}`,
  };
}
