import type { DuckDBConnection } from '@duckdb/node-api';
import { compileFilter } from '../../catalog/filters.js';
import type { Catalog, CatalogWarning } from '../../catalog/model.js';
import { type DatataskError, throwIfAborted } from '../../core/errors.js';
import type { IntrospectOptions } from '../adapter.js';
import { collectFieldValues, fieldValueSettings } from '../kernel/field-values.js';
import { isFatalForOptionalPart } from '../kernel/optional-part.js';
import { buildDatabases, type Row } from './build-catalog.js';
import { type BoundSql, catalogQueries } from './catalog-queries.js';
import { addSampleStats, quoteIdentifier, statsSettings } from './column-stats.js';

export interface DuckDbIntrospectContext {
  /** Runs one catalog statement on the connection, counted. */
  select(connection: DuckDBConnection, query: BoundSql, signal: AbortSignal | undefined): Promise<Row[]>;
  serverVersion(connection: DuckDBConnection, signal: AbortSignal | undefined): Promise<string>;
}

/**
 * Reads the catalog from DuckDB's duckdb_* table functions: seven statements whatever the number of tables, with the
 * database, schema and table filters in their WHERE clauses. Keys and indexes that cannot be read become warnings.
 */
export async function introspectDuckDb(
  context: DuckDbIntrospectContext,
  connection: DuckDBConnection,
  options: IntrospectOptions,
): Promise<Catalog> {
  const signal = options.signal;
  throwIfAborted(signal);
  const introspectedAt = new Date().toISOString();
  const warnings: CatalogWarning[] = [];
  const select = (query: BoundSql) => context.select(connection, query, signal);
  const optional = async (scope: string, query: BoundSql): Promise<Row[] | undefined> => {
    try {
      return await select(query);
    } catch (error) {
      if (isFatalForOptionalPart(error, signal)) throw error;
      const typed = error as DatataskError;
      warnings.push({ code: typed.code, message: typed.message, scope });
      return undefined;
    }
  };
  const progress = (step: string, counts: { databases?: number; schemas?: number; tables?: number } = {}) =>
    options.onProgress?.({ step, ...counts });

  progress('databases');
  const serverVersion = await context.serverVersion(connection, signal);
  const databases = await select(catalogQueries.databases(options));
  const schemas = await select(catalogQueries.schemas(options));
  progress('tables', { databases: databases.length, schemas: schemas.length });
  const tables = await select(catalogQueries.tables(options));
  const views = await select(catalogQueries.views(options));
  const columns = await select(catalogQueries.columns(options));
  const constraints = await optional('constraints', catalogQueries.constraints(options));
  const indexes = await optional('indexes', catalogQueries.indexes(options));

  const databaseFilter = compileFilter(options.databases);
  const schemaFilter = compileFilter(options.schemas);
  const tableFilter = compileFilter(options.tables);
  const built = buildDatabases(
    {
      databases: databases.filter((row) => databaseFilter.matches(String(row.database_name))),
      schemas: schemas.filter((row) => schemaFilter.matches(String(row.schema_name))),
      tables,
      views,
      columns,
      ...(constraints ? { constraints } : {}),
      ...(indexes ? { indexes } : {}),
    },
    (schema, table) => tableFilter.matches(table, `${schema}.${table}`),
  );

  const stats = statsSettings(options.columnStats);
  if (stats) {
    progress('columnStats');
    warnings.push(...(await addSampleStats(built, stats, (sql) => select({ sql, params: [] }), signal)));
  }
  const valueSettings = fieldValueSettings(options.fieldValues);
  if (valueSettings) {
    progress('fieldValues');
    const collected = await collectFieldValues(built, valueSettings, {
      signal,
      select: (sql) => select({ sql, params: [] }),
      distinctSql: (database, schema, table, column, { sampleRows, maxValues, maxValueLength }) =>
        `SELECT DISTINCT left(v::VARCHAR, ${maxValueLength}) AS value FROM (SELECT ${quoteIdentifier(column)} AS v FROM ${[database, schema, table].map(quoteIdentifier).join('.')} LIMIT ${sampleRows}) AS sample WHERE v IS NOT NULL LIMIT ${maxValues + 1}`,
    });
    warnings.push(...collected.warnings);
  }
  progress('done', {
    databases: built.length,
    schemas: built.reduce((sum, database) => sum + database.schemas.length, 0),
  });
  return { formatVersion: 1, engine: 'duckdb', serverVersion, introspectedAt, databases: built, warnings };
}
