import type { DuckDBConnection } from '@duckdb/node-api';
import type { Catalog, CatalogWarning } from '../../catalog/model.js';
import { type DatataskError, throwIfAborted } from '../../core/errors.js';
import type { IntrospectOptions } from '../adapter.js';
import { assembleCatalog } from '../kernel/assemble-catalog.js';
import { fieldValueSettings } from '../kernel/field-values.js';
import { isFatalForOptionalPart } from '../kernel/optional-part.js';
import { type BoundSql, catalogQueries } from './catalog-queries.js';
import { type DuckDbCatalogRows, type Row, toCatalogRows } from './catalog-rows.js';
import { addSampleStats, statsSettings } from './column-stats.js';
import { addDuckDbFieldValues } from './field-values.js';

export interface DuckDbIntrospectContext {
  /** Runs one catalog statement on the connection, counted. */
  select(connection: DuckDBConnection, query: BoundSql, signal: AbortSignal | undefined): Promise<Row[]>;
  serverVersion(connection: DuckDBConnection, signal: AbortSignal | undefined): Promise<string>;
}

type Select = (query: BoundSql) => Promise<Row[]>;
type Progress = (step: string, counts?: { databases?: number; schemas?: number; tables?: number }) => void;

/** The seven catalog statements, one after the other; keys and indexes that cannot be read become warnings. */
async function readCatalogRows(
  select: Select,
  options: IntrospectOptions,
  warnings: CatalogWarning[],
  progress: Progress,
): Promise<DuckDbCatalogRows> {
  const optional = async (scope: string, query: BoundSql): Promise<Row[] | undefined> => {
    try {
      return await select(query);
    } catch (error) {
      if (isFatalForOptionalPart(error, options.signal)) throw error;
      const typed = error as DatataskError;
      warnings.push({ code: typed.code, message: typed.message, scope });
      return undefined;
    }
  };
  const databases = await select(catalogQueries.databases(options));
  const schemas = await select(catalogQueries.schemas(options));
  progress('tables', { databases: databases.length, schemas: schemas.length });
  const tables = await select(catalogQueries.tables(options));
  const views = await select(catalogQueries.views(options));
  const columns = await select(catalogQueries.columns(options));
  const constraints = await optional('constraints', catalogQueries.constraints(options));
  const indexes = await optional('indexes', catalogQueries.indexes(options));
  return { databases, schemas, tables, views, columns, constraints, indexes };
}

/**
 * Reads the catalog from DuckDB's duckdb_* table functions: seven statements whatever the number of tables, with the
 * database, schema and table filters in their WHERE clauses, assembled by the kernel. Sampled column statistics and
 * field values are then read from the assembled tables.
 */
export async function introspectDuckDb(
  context: DuckDbIntrospectContext,
  connection: DuckDBConnection,
  options: IntrospectOptions,
): Promise<Catalog> {
  const signal = options.signal;
  throwIfAborted(signal);
  const now = new Date();
  const warnings: CatalogWarning[] = [];
  const select: Select = (query) => context.select(connection, query, signal);
  const selectSql = (sql: string) => select({ sql, params: [] });
  const progress: Progress = (step, counts = {}) => options.onProgress?.({ step, ...counts });

  progress('databases');
  const serverVersion = await context.serverVersion(connection, signal);
  const rows = await readCatalogRows(select, options, warnings, progress);
  const catalog = assembleCatalog(toCatalogRows(rows), {
    engine: 'duckdb',
    serverVersion,
    warnings,
    filters: { databases: options.databases, schemas: options.schemas, tables: options.tables },
    now,
  });

  const stats = statsSettings(options.columnStats);
  if (stats) {
    progress('columnStats');
    catalog.warnings.push(...(await addSampleStats(catalog.databases, stats, selectSql, signal)));
  }
  const valueSettings = fieldValueSettings(options.fieldValues);
  if (valueSettings) {
    progress('fieldValues');
    const collected = await addDuckDbFieldValues(catalog.databases, valueSettings, selectSql, signal);
    catalog.warnings.push(...collected.warnings);
  }
  progress('done', {
    databases: catalog.databases.length,
    schemas: catalog.databases.reduce((sum, database) => sum + database.schemas.length, 0),
  });
  return catalog;
}
