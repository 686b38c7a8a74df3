import { compileFilter } from '../../catalog/filters.js';
import type { Catalog, CatalogWarning } from '../../catalog/model.js';
import { catalogCounts } from '../../catalog/model.js';
import { DatataskError, ErrorCode, throwIfAborted } from '../../core/errors.js';
import type { IntrospectOptions } from '../adapter.js';
import { isFatalForOptionalPart } from '../kernel/optional-part.js';
import { assembleDatabase, type CatalogRows } from './catalog-rows.js';
import type { Row } from './columns.js';
import { type CatalogView, datasetQualifier, regionQualifier, viewQuery } from './catalog-queries.js';

/** What introspection needs from the adapter: a catalog statement runner and the REST dataset list. */
export interface CatalogSource {
  projectId: string;
  location: string;
  /** Datasets named in the credentials; all of the location's when absent. */
  datasets?: string[];
  run(sql: string, params: Record<string, unknown> | undefined, signal: AbortSignal | undefined): Promise<Row[]>;
  listDatasets(signal: AbortSignal | undefined): Promise<string[]>;
}

export const serverVersion = 'BigQuery API v2';

async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

/**
 * Reads the project's catalog in a constant number of statements. Region-qualified views need project-level
 * rights; without them (403) each dataset is read through its own qualifier, and a dataset the user cannot read
 * becomes a warning. A view other than TABLES/COLUMNS that cannot be read becomes a warning too.
 */
export async function introspectProject(source: CatalogSource, options: IntrospectOptions): Promise<Catalog> {
  const { signal } = options;
  throwIfAborted(signal);
  const warnings: CatalogWarning[] = [];
  const catalog = (databases: Catalog['databases']): Catalog => ({
    formatVersion: 1,
    engine: 'bigquery',
    serverVersion,
    introspectedAt: new Date().toISOString(),
    databases,
    warnings,
  });
  if (!compileFilter(options.databases).matches(source.projectId)) return catalog([]);
  const schemaFilter = compileFilter(options.schemas);
  const tableFilter = compileFilter(options.tables);
  const progress = (step: string, counts: Record<string, number> = {}) => {
    options.onProgress?.({ step, ...counts });
    throwIfAborted(signal);
  };
  const region = regionQualifier(source.projectId, source.location);
  const params = source.datasets ? { datasets: source.datasets } : undefined;
  const run = (view: CatalogView, qualifiers: string[]) => {
    // Region views list every dataset: the credentials' list is pushed down where the statement reads one.
    const filtered = params !== undefined && qualifiers[0] === region;
    return source.run(viewQuery(view, qualifiers, { datasets: filtered }), filtered ? params : undefined, signal);
  };
  const optional = async (view: CatalogView, qualifiers: string[]): Promise<Row[]> => {
    if (qualifiers.length === 0) return [];
    try {
      return await run(view, qualifiers);
    } catch (error) {
      if (isFatalForOptionalPart(error, signal)) throw error;
      const typed = error as DatataskError;
      warnings.push({ code: typed.code, message: typed.message, scope: view.toLowerCase() });
      return [];
    }
  };

  let datasets: string[];
  let regionMode = true;
  try {
    datasets = (await run('SCHEMATA', [region])).map((row) => String(row.schema_name));
  } catch (error) {
    if (!(error instanceof DatataskError) || error.code !== ErrorCode.PERMISSION_DENIED) throw error;
    regionMode = false;
    datasets = source.datasets ?? (await source.listDatasets(signal));
  }
  datasets = [...new Set(datasets)].filter((name) => schemaFilter.matches(name)).sort();
  progress('schemas', { schemas: datasets.length });

  let tables: Row[];
  if (regionMode) {
    tables = datasets.length > 0 ? await run('TABLES', [region]) : [];
  } else {
    // One probe per dataset (a constant per table count): the datasets this user may read, and their tables.
    const probes = await mapLimit(datasets, options.concurrency ?? 4, async (dataset) => {
      try {
        return { dataset, rows: await run('TABLES', [datasetQualifier(source.projectId, dataset)]) };
      } catch (error) {
        if (isFatalForOptionalPart(error, signal)) throw error;
        const typed = error as DatataskError;
        const scope = `${source.projectId}.${dataset}`;
        warnings.push({ code: typed.code, message: `Dataset ${scope} cannot be read: ${typed.message}`, scope });
        return { dataset, rows: undefined };
      }
    });
    datasets = probes.filter((p) => p.rows).map((p) => p.dataset);
    tables = probes.flatMap((p) => p.rows ?? []);
  }
  progress('tables', { schemas: datasets.length, tables: tables.length });

  const perDataset = datasets.map((dataset) => datasetQualifier(source.projectId, dataset));
  const scoped = regionMode ? [region] : perDataset;
  if (!regionMode) {
    warnings.push({
      code: ErrorCode.NOT_SUPPORTED,
      message: 'Row counts and sizes need the region-qualified TABLE_STORAGE view (project-level permission)',
      scope: 'table_storage',
    });
  }
  const reads: Array<[keyof CatalogRows, () => Promise<Row[]>]> = [
    ['columns', () => (datasets.length > 0 ? run('COLUMNS', scoped) : Promise.resolve([]))],
    ['fieldPaths', () => optional('COLUMN_FIELD_PATHS', datasets.length > 0 ? scoped : [])],
    ['tableOptions', () => optional('TABLE_OPTIONS', datasets.length > 0 ? scoped : [])],
    ['views', () => optional('VIEWS', datasets.length > 0 ? scoped : [])],
    ['schemaOptions', () => optional('SCHEMATA_OPTIONS', regionMode && datasets.length > 0 ? [region] : [])],
    ['storage', () => optional('TABLE_STORAGE', regionMode && datasets.length > 0 ? [region] : [])],
    ['constraints', () => optional('TABLE_CONSTRAINTS', perDataset)],
    ['keyColumns', () => optional('KEY_COLUMN_USAGE', perDataset)],
    ['constraintColumns', () => optional('CONSTRAINT_COLUMN_USAGE', perDataset)],
  ];
  const results = await mapLimit(
    reads,
    options.concurrency ?? 4,
    async ([name, read]) => [name, await read()] as const,
  );
  const rows = { tables, ...Object.fromEntries(results) } as CatalogRows;
  const database = assembleDatabase(source.projectId, datasets, rows, tableFilter);
  const result = catalog([database]);
  progress('done', catalogCounts(result));
  return result;
}
