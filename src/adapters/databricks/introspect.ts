/**
 * Introspection in one Thrift session: Unity Catalog information_schema when it answers (catalogs first, then the
 * other seven views at once), else the Thrift metadata operations, with a warning naming the path. information_schema
 * never covers hive_metastore, so on a Unity Catalog workspace that catalog is read with the metadata operations too.
 */
import { compileFilter } from '../../catalog/filters.js';
import type { Catalog, CatalogWarning } from '../../catalog/model.js';
import { throwIfAborted } from '../../core/errors.js';
import type { IntrospectOptions } from '../adapter.js';
import { assembleCatalog } from '../kernel/assemble-catalog.js';
import { isFatalForOptionalPart } from '../kernel/optional-part.js';
import {
  type InformationSchemaView,
  informationSchemaQuery,
  type MetadataTable,
  metadataCallNames,
  metadataCalls,
} from './catalog-queries.js';
import {
  type DatabricksCatalogRows,
  type InformationSchemaRows,
  informationSchemaRows,
  metadataKeyRows,
  metadataRows,
  type Row,
  scopedRows,
} from './catalog-rows.js';
import type { DatabricksConnection, DatabricksOperation, DatabricksSession } from './connection.js';
import { isInformationSchemaUnavailable, mapDatabricksError } from './errors.js';
import { runCounted } from './statement.js';

/** Catalog statements may wait for a warehouse to start. */
const catalogStatementTimeoutMs = 10 * 60_000;
const catalogPageSize = 100_000;
/** Above this many tables, per-table key lookups (2 calls each) are skipped to keep introspection bounded. */
const maxKeyLookupTables = 25;
const legacyCatalog = 'hive_metastore';
const optionalViews: InformationSchemaView[] = [
  'views',
  'table_constraints',
  'key_column_usage',
  'referential_constraints',
];

interface Reader {
  connection: DatabricksConnection;
  session: DatabricksSession;
  warnings: CatalogWarning[];
  signal: AbortSignal;
  /** Runs one operation to completion and returns its rows. */
  read(begin: () => Promise<DatabricksOperation>, what: string): Promise<Row[]>;
}

export async function introspectDatabricks(
  connection: DatabricksConnection,
  options: IntrospectOptions & { signal: AbortSignal },
): Promise<Catalog> {
  const { signal } = options;
  const warnings: CatalogWarning[] = [];
  const rows = await connection.withSession(signal, (session) => {
    const read = (begin: () => Promise<DatabricksOperation>, what: string) =>
      runCounted(connection, begin, {
        maxRows: Number.MAX_SAFE_INTEGER - 1,
        pageSize: catalogPageSize,
        timeoutMs: catalogStatementTimeoutMs,
        signal,
        what,
      }).then((result) => result.rows);
    return readCatalogRows({ connection, session, warnings, signal, read }, options);
  });
  // Reading may have finished just as the caller gave up: honour the abort.
  throwIfAborted(signal);
  return assembleCatalog(scopedRows(rows, options, connection.catalog), {
    engine: 'databricks',
    warnings,
    filters: options,
  });
}

async function readCatalogRows(reader: Reader, options: IntrospectOptions): Promise<DatabricksCatalogRows> {
  const catalog = reader.connection.catalog;
  let rows: DatabricksCatalogRows;
  try {
    rows = await readInformationSchema(reader, catalog);
  } catch (error) {
    const mapped = mapDatabricksError(error, 'query', reader.connection.redactor);
    if (!isInformationSchemaUnavailable(mapped)) throw mapped;
    reader.warnings.push({
      code: 'NOT_SUPPORTED',
      scope: 'information_schema',
      message: `information_schema is not available (${mapped.message}); the catalog was read with the Thrift metadata operations (GetCatalogs, GetSchemas, GetTables, GetColumns) instead: no view definitions, partitions or identity columns.`,
    });
    const fallback = await readMetadataOperations(reader, catalog);
    const counts = { tables: fallback.relations.length, columns: fallback.columns.length };
    options.onProgress?.({ step: 'metadata_operations', ...counts });
    return fallback;
  }
  options.onProgress?.({ step: 'information_schema', tables: rows.relations.length, columns: rows.columns.length });
  const listsLegacy = rows.databases.some((d) => d.name.toLowerCase() === legacyCatalog);
  if (!catalog && listsLegacy && compileFilter(options.databases).matches(legacyCatalog)) {
    await mergeLegacyCatalog(reader, rows);
  }
  return rows;
}

/**
 * Catalogs first (which tells whether the path works at all), then the other seven views concurrently. Schemata,
 * tables and columns are required; a failing optional view becomes a warning (the kernel's optional-part rule).
 */
async function readInformationSchema(reader: Reader, catalog: string | undefined): Promise<DatabricksCatalogRows> {
  const { session } = reader;
  const query = (view: InformationSchemaView) => {
    const sql = informationSchemaQuery(view, catalog);
    return reader.read(() => session.executeStatement(sql, { maxRows: catalogPageSize }), `information_schema.${view}`);
  };
  const rows: InformationSchemaRows = { catalogs: await query('catalogs') };
  const views: InformationSchemaView[] = ['schemata', 'tables', 'columns', ...optionalViews];
  const settled = await Promise.allSettled(views.map(query));
  settled.forEach((result, i) => {
    const view = views[i] as InformationSchemaView;
    if (result.status === 'fulfilled') rows[view] = result.value;
    else if (!optionalViews.includes(view)) throw result.reason;
    else warnOrThrow(reader, result.reason, view, `Could not read information_schema.${view}`);
  });
  return informationSchemaRows(rows);
}

/** One call each for catalogs, schemas, tables and columns, then the keys of a small catalog. */
async function readMetadataOperations(reader: Reader, catalog: string | undefined): Promise<DatabricksCatalogRows> {
  const { session } = reader;
  const call = (part: 'catalogs' | 'schemas' | 'tables' | 'columns') =>
    reader.read(() => metadataCalls[part](session, catalog), metadataCallNames[part]);
  const catalogs = await call('catalogs');
  const schemas = await call('schemas');
  const tables = await call('tables');
  const columns = await call('columns');
  const rows = metadataRows({ catalogs, schemas, tables, columns }, catalog);
  await readMetadataKeys(reader, rows);
  return rows;
}

/** Keys need 2 calls per table, so they are read only for small catalogs; hive_metastore has none anyway. */
async function readMetadataKeys(reader: Reader, rows: DatabricksCatalogRows): Promise<void> {
  if (rows.relations.length > maxKeyLookupTables) {
    reader.warnings.push({
      code: 'NOT_SUPPORTED',
      scope: 'keys',
      message: `Primary and foreign keys were not read: the metadata-operation path needs 2 calls per table and there are ${rows.relations.length} tables (limit ${maxKeyLookupTables}).`,
    });
    return;
  }
  const { session } = reader;
  const call = (part: 'primaryKeys' | 'crossReference', table: MetadataTable) =>
    reader.read(() => metadataCalls[part](session, table), metadataCallNames[part]);
  for (const table of rows.relations.filter((t) => t.kind !== 'view' && t.kind !== 'materialized_view')) {
    try {
      // The primary key stays when the cross reference then fails.
      rows.constraints.push(...metadataKeyRows(table, await call('primaryKeys', table), []));
      rows.constraints.push(...metadataKeyRows(table, [], await call('crossReference', table)));
    } catch (error) {
      warnOrThrow(reader, error, `${table.database}.${table.schema}.${table.table}`, 'Could not read keys');
    }
  }
}

async function mergeLegacyCatalog(reader: Reader, rows: DatabricksCatalogRows): Promise<void> {
  try {
    const legacy = await readMetadataOperations(reader, legacyCatalog);
    rows.schemas.push(...legacy.schemas);
    rows.relations.push(...legacy.relations);
    rows.columns.push(...legacy.columns);
    rows.constraints.push(...legacy.constraints);
    reader.warnings.push({
      code: 'NOT_SUPPORTED',
      scope: legacyCatalog,
      message: `${legacyCatalog} is not in information_schema: it was read with the Thrift metadata operations (no view definitions, partitions or identity columns).`,
    });
  } catch (error) {
    warnOrThrow(reader, error, legacyCatalog, `Could not read ${legacyCatalog}`);
  }
}

/** An optional part failed: a warning when the kernel's rule says so, else the typed error is thrown. */
function warnOrThrow(reader: Reader, error: unknown, scope: string, what: string): void {
  const typed = mapDatabricksError(error, 'query', reader.connection.redactor);
  if (isFatalForOptionalPart(typed, reader.signal)) throw typed;
  reader.warnings.push({ code: typed.code, scope, message: `${what}: ${typed.message}` });
}
