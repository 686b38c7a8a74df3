import { compileFilter } from '../../catalog/filters.js';
import type { CatalogWarning } from '../../catalog/model.js';
import type { Redactor } from '../../core/redact.js';
import type { IntrospectOptions } from '../adapter.js';
import { isFatalForOptionalPart } from '../kernel/optional-part.js';
import type { DatabricksOperation, DatabricksSession } from './driver-types.js';
import { mapDatabricksError } from './errors.js';
import { isInformationSchemaUnavailable, readInformationSchema } from './information-schema.js';
import { readWithMetadataOperations } from './metadata-fallback.js';
import type { RawCatalog } from './raw-catalog.js';

type Row = Record<string, unknown>;

export interface IntrospectDeps {
  session: DatabricksSession;
  /** Runs one operation to completion and returns its rows. */
  read: (start: () => Promise<DatabricksOperation>, what: string) => Promise<Row[]>;
  catalog: string | undefined;
  redactor: Redactor;
  pageSize: number;
}

const legacyCatalog = 'hive_metastore';

/**
 * Reads the raw catalog: Unity Catalog information_schema when it answers, else the Thrift metadata operations
 * (with a warning naming the path). information_schema never covers hive_metastore, so on a Unity Catalog
 * workspace that catalog is read with the metadata operations too (4 more calls).
 */
export async function readRawCatalog(
  deps: IntrospectDeps,
  options: IntrospectOptions,
  warnings: CatalogWarning[],
): Promise<RawCatalog> {
  const { session, read, catalog } = deps;
  const run = (sql: string, what: string) =>
    read(() => session.executeStatement(sql, { maxRows: deps.pageSize }), what);
  let raw: RawCatalog;
  try {
    raw = await readInformationSchema(run, catalog, warnings);
  } catch (error) {
    const mapped = mapDatabricksError(error, 'query', deps.redactor);
    if (!isInformationSchemaUnavailable(mapped)) throw mapped;
    warnings.push({
      code: 'NOT_SUPPORTED',
      scope: 'information_schema',
      message: `information_schema is not available (${mapped.message}); the catalog was read with the Thrift metadata operations (GetCatalogs, GetSchemas, GetTables, GetColumns) instead: no view definitions, partitions or identity columns.`,
    });
    const fallback = await readWithMetadataOperations(session, read, catalog, warnings);
    options.onProgress?.({
      step: 'metadata_operations',
      tables: fallback.tables.length,
      columns: fallback.columns.length,
    });
    return fallback;
  }
  options.onProgress?.({ step: 'information_schema', tables: raw.tables.length, columns: raw.columns.length });
  const listsLegacy = raw.databases.some((d) => d.name.toLowerCase() === legacyCatalog);
  if (!catalog && listsLegacy && compileFilter(options.databases).matches(legacyCatalog)) {
    await mergeLegacyCatalog(deps, raw, warnings);
  }
  return raw;
}

async function mergeLegacyCatalog(deps: IntrospectDeps, raw: RawCatalog, warnings: CatalogWarning[]): Promise<void> {
  try {
    const legacy = await readWithMetadataOperations(deps.session, deps.read, legacyCatalog, warnings);
    raw.schemas.push(...legacy.schemas);
    raw.tables.push(...legacy.tables);
    raw.columns.push(...legacy.columns);
    raw.primaryKeys.push(...legacy.primaryKeys);
    raw.foreignKeys.push(...legacy.foreignKeys);
    warnings.push({
      code: 'NOT_SUPPORTED',
      scope: legacyCatalog,
      message: `${legacyCatalog} is not in information_schema: it was read with the Thrift metadata operations (no view definitions, partitions or identity columns).`,
    });
  } catch (error) {
    const mapped = mapDatabricksError(error, 'query', deps.redactor);
    if (isFatalForOptionalPart(mapped)) throw mapped;
    warnings.push({
      code: mapped.code,
      scope: legacyCatalog,
      message: `Could not read ${legacyCatalog}: ${mapped.message}`,
    });
  }
}
