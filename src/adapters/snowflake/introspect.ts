/**
 * Reads the catalog with a fixed set of SHOW commands (8 statements whatever the number of tables), then assembles it
 * with the kernel.
 */
import type { Catalog, CatalogWarning } from '../../catalog/model.js';
import { type DatataskError, ErrorCode, throwIfAborted } from '../../core/errors.js';
import type { IntrospectOptions } from '../adapter.js';
import { assembleCatalog } from '../kernel/assemble-catalog.js';
import { isFatalForOptionalPart } from '../kernel/optional-part.js';
import {
  informationSchemaColumnsSql,
  likePattern,
  type ShowKind,
  scopeDatabase,
  showRowLimitCode,
  showSql,
} from './catalog-queries.js';
import { field, type Row, type ShowRows, selectedDatabases, toCatalogRows } from './catalog-rows.js';

/** Runs one catalog statement and returns its rows (the adapter counts it and applies the signal). */
export type RunCatalogStatement = (sql: string) => Promise<Row[]>;

/** Parts the catalog cannot do without: a failure there fails the introspection. */
const required: ShowKind[] = ['DATABASES', 'SCHEMAS', 'TABLES', 'COLUMNS'];

const steps: Array<{ kind: ShowKind; part: keyof ShowRows }> = [
  { kind: 'DATABASES', part: 'databases' },
  { kind: 'SCHEMAS', part: 'schemas' },
  { kind: 'TABLES', part: 'tables' },
  { kind: 'VIEWS', part: 'views' },
  { kind: 'COLUMNS', part: 'columns' },
  { kind: 'PRIMARY KEYS', part: 'primaryKeys' },
  { kind: 'IMPORTED KEYS', part: 'importedKeys' },
  { kind: 'UNIQUE KEYS', part: 'uniqueKeys' },
];

function likeFor(kind: ShowKind, options: IntrospectOptions): string | undefined {
  if (kind === 'DATABASES') return likePattern(options.databases);
  if (kind === 'SCHEMAS') return likePattern(options.schemas);
  if (kind === 'TABLES' || kind === 'VIEWS') return likePattern(options.tables);
  return undefined;
}

export async function introspectSnowflake(
  run: RunCatalogStatement,
  options: IntrospectOptions,
  serverVersion: string,
): Promise<Catalog> {
  const database = scopeDatabase(options.databases);
  const rows: ShowRows = {
    databases: [],
    schemas: [],
    tables: [],
    views: [],
    columns: [],
    primaryKeys: [],
    importedKeys: [],
    uniqueKeys: [],
  };
  const warnings: CatalogWarning[] = [];
  for (const step of steps) {
    throwIfAborted(options.signal);
    try {
      rows[step.part] = await run(showSql(step.kind, database, likeFor(step.kind, options)));
    } catch (error) {
      const typed = error as DatataskError;
      if (step.kind === 'COLUMNS' && typed.details?.snowflakeCode === showRowLimitCode) {
        rows.columns = await columnsByDatabase(run, rows.databases, options);
        options.onProgress?.({ step: step.part, ...progressCounts(rows) });
        continue;
      }
      if (required.includes(step.kind) || isFatalForOptionalPart(error, options.signal)) throw error;
      warnings.push({ code: typed.code, message: typed.message, scope: step.part });
    }
    options.onProgress?.({ step: step.part, ...progressCounts(rows) });
  }
  throwIfAborted(options.signal);
  if (options.columnStats) {
    warnings.push({
      code: ErrorCode.NOT_SUPPORTED,
      message: 'Column statistics are not read from Snowflake yet',
      scope: 'columnStats',
    });
  }
  return assembleCatalog(toCatalogRows(rows, options), {
    engine: 'snowflake',
    serverVersion,
    warnings,
    filters: { databases: options.databases, schemas: options.schemas, tables: options.tables },
  });
}

/** Past SHOW's row limit, columns are read per database (a statement per database, not per table). */
async function columnsByDatabase(run: RunCatalogStatement, databases: Row[], options: IntrospectOptions) {
  const columns: Row[] = [];
  for (const database of selectedDatabases(databases, options)) {
    throwIfAborted(options.signal);
    columns.push(...(await run(informationSchemaColumnsSql(String(field(database, 'name'))))));
  }
  return columns;
}

function progressCounts(rows: ShowRows) {
  return {
    databases: rows.databases.length,
    schemas: rows.schemas.length,
    tables: rows.tables.length + rows.views.length,
    columns: rows.columns.length,
  };
}
