import { compileFilter } from '../../catalog/filters.js';
import type { Catalog, CatalogWarning } from '../../catalog/model.js';
import { catalogCounts } from '../../catalog/model.js';
import { DatataskError, ErrorCode, throwIfAborted } from '../../core/errors.js';
import type { Redactor } from '../../core/redact.js';
import type { IntrospectOptions } from '../adapter.js';
import { assembleCatalog } from '../kernel/assemble-catalog.js';
import { isFatalForOptionalPart } from '../kernel/optional-part.js';
import { type CatalogView, datasetQualifier, regionQualifier, viewQuery } from './catalog-queries.js';
import { catalogRows, type Row, type ViewRows } from './catalog-rows.js';
import { type BigQueryClientLike, type BigQueryCredentials, sendRequest } from './connection.js';
import { toBigQueryError } from './errors.js';
import type { StatementRunner } from './statement.js';

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

/** Catalog statements scan metadata only; this bounds a stuck one. */
const catalogTimeoutMs = 300_000;

/** datasets.list, every page, keeping the datasets of the adapter's location (the only ones its jobs can read). */
async function listDatasets(
  client: BigQueryClientLike,
  adapterLocation: string,
  redactor: Redactor,
  signal: AbortSignal | undefined,
): Promise<string[]> {
  const names: string[] = [];
  let pageToken: string | undefined;
  const location = adapterLocation.toLowerCase();
  do {
    throwIfAborted(signal);
    let page: { datasets?: Array<{ datasetReference?: { datasetId?: string }; location?: string }> } & {
      nextPageToken?: string;
    };
    try {
      page = await sendRequest(client, { uri: '/datasets', qs: { maxResults: 1000, pageToken } });
    } catch (error) {
      throw toBigQueryError(error, 'introspect', redactor);
    }
    for (const dataset of page.datasets ?? []) {
      const id = dataset.datasetReference?.datasetId;
      if (id && (!dataset.location || dataset.location.toLowerCase() === location)) names.push(id);
    }
    pageToken = page.nextPageToken;
  } while (pageToken);
  return names;
}

/** The catalog reads of one client: every page of every statement, under the catalog timeout. */
export function catalogSource(
  client: BigQueryClientLike,
  credentials: BigQueryCredentials,
  statements: StatementRunner,
  redactor: Redactor,
): CatalogSource {
  return {
    projectId: credentials.projectId,
    location: credentials.location,
    datasets: credentials.datasets,
    run: async (sql, params, signal) =>
      (
        await statements.run(client, sql, params, {
          signal,
          timeoutMs: catalogTimeoutMs,
          maxRows: Number.POSITIVE_INFINITY,
          context: 'introspect',
        })
      ).rows,
    listDatasets: (signal) => listDatasets(client, credentials.location, redactor, signal),
  };
}

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

/** One introspection's reads: the region qualifier, the warnings so far, and the optional-part rule. */
class CatalogReader {
  readonly warnings: CatalogWarning[] = [];
  readonly region: string;
  private readonly params: Record<string, unknown> | undefined;

  constructor(
    readonly source: CatalogSource,
    readonly options: IntrospectOptions,
  ) {
    this.region = regionQualifier(source.projectId, source.location);
    this.params = source.datasets ? { datasets: source.datasets } : undefined;
  }

  run(view: CatalogView, qualifiers: string[]): Promise<Row[]> {
    // Region views list every dataset: the credentials' list is pushed down where the statement reads one.
    const filtered = this.params !== undefined && qualifiers[0] === this.region;
    const sql = viewQuery(view, qualifiers, { datasets: filtered });
    return this.source.run(sql, filtered ? this.params : undefined, this.options.signal);
  }

  /** Reads a view, or warns and returns no rows when the kernel's rule lets the failure pass. */
  async optional(view: CatalogView, qualifiers: string[], scope = view.toLowerCase()): Promise<Row[] | undefined> {
    if (qualifiers.length === 0) return [];
    try {
      return await this.run(view, qualifiers);
    } catch (error) {
      if (isFatalForOptionalPart(error, this.options.signal)) throw error;
      const typed = error as DatataskError;
      const message =
        scope === view.toLowerCase() ? typed.message : `Dataset ${scope} cannot be read: ${typed.message}`;
      this.warnings.push({ code: typed.code, message, scope });
      return undefined;
    }
  }

  progress(step: string, counts: Record<string, number> = {}): void {
    this.options.onProgress?.({ step, ...counts });
    throwIfAborted(this.options.signal);
  }
}

/** The datasets to read, from the region's SCHEMATA, or without project rights (403) from the credentials or REST. */
async function readDatasets(reader: CatalogReader): Promise<{ datasets: string[]; regionMode: boolean }> {
  const schemaFilter = compileFilter(reader.options.schemas);
  const keep = (names: string[]) => [...new Set(names)].filter((name) => schemaFilter.matches(name)).sort();
  try {
    const rows = await reader.run('SCHEMATA', [reader.region]);
    return { datasets: keep(rows.map((row) => String(row.schema_name))), regionMode: true };
  } catch (error) {
    if (!(error instanceof DatataskError) || error.code !== ErrorCode.PERMISSION_DENIED) throw error;
    const names = reader.source.datasets ?? (await reader.source.listDatasets(reader.options.signal));
    return { datasets: keep(names), regionMode: false };
  }
}

/** Dataset by dataset (a constant per table count): the datasets this user may read, and their tables. */
async function probeDatasets(
  reader: CatalogReader,
  datasets: string[],
): Promise<{ datasets: string[]; tables: Row[] }> {
  const { projectId } = reader.source;
  const probes = await mapLimit(datasets, reader.options.concurrency ?? 4, async (dataset) => ({
    dataset,
    rows: await reader.optional('TABLES', [datasetQualifier(projectId, dataset)], `${projectId}.${dataset}`),
  }));
  return {
    datasets: probes.filter((p) => p.rows).map((p) => p.dataset),
    tables: probes.flatMap((p) => p.rows ?? []),
  };
}

/** Every view but SCHEMATA and TABLES, a few at once; COLUMNS is essential, the others optional. */
async function readViews(reader: CatalogReader, datasets: string[], regionMode: boolean) {
  const perDataset = datasets.map((dataset) => datasetQualifier(reader.source.projectId, dataset));
  const scoped = datasets.length === 0 ? [] : regionMode ? [reader.region] : perDataset;
  const regionOnly = regionMode && datasets.length > 0 ? [reader.region] : [];
  if (!regionMode) {
    reader.warnings.push({
      code: ErrorCode.NOT_SUPPORTED,
      message: 'Row counts and sizes need the region-qualified TABLE_STORAGE view (project-level permission)',
      scope: 'table_storage',
    });
  }
  const optional = async (view: CatalogView, qualifiers: string[]) => (await reader.optional(view, qualifiers)) ?? [];
  const reads: Array<[keyof ViewRows, () => Promise<Row[]>]> = [
    ['columns', () => (scoped.length > 0 ? reader.run('COLUMNS', scoped) : Promise.resolve([]))],
    ['fieldPaths', () => optional('COLUMN_FIELD_PATHS', scoped)],
    ['tableOptions', () => optional('TABLE_OPTIONS', scoped)],
    ['views', () => optional('VIEWS', scoped)],
    ['schemaOptions', () => optional('SCHEMATA_OPTIONS', regionOnly)],
    ['storage', () => optional('TABLE_STORAGE', regionOnly)],
    ['constraints', () => optional('TABLE_CONSTRAINTS', perDataset)],
    ['keyColumns', () => optional('KEY_COLUMN_USAGE', perDataset)],
    ['constraintColumns', () => optional('CONSTRAINT_COLUMN_USAGE', perDataset)],
  ];
  const results = await mapLimit(reads, reader.options.concurrency ?? 4, async ([name, read]) => [name, await read()]);
  return Object.fromEntries(results) as Omit<ViewRows, 'tables'>;
}

/**
 * Reads the project's catalog in a constant number of statements. Region-qualified views need project-level
 * rights; without them (403) each dataset is read through its own qualifier, and a dataset the user cannot read
 * becomes a warning. A view other than TABLES/COLUMNS that cannot be read becomes a warning too.
 */
export async function introspectProject(source: CatalogSource, options: IntrospectOptions): Promise<Catalog> {
  throwIfAborted(options.signal);
  const reader = new CatalogReader(source, options);
  const assemble = (datasets: string[], rows: ViewRows) =>
    assembleCatalog(catalogRows(source.projectId, datasets, rows), {
      engine: 'bigquery',
      serverVersion,
      warnings: reader.warnings,
      filters: { databases: options.databases, schemas: options.schemas, tables: options.tables },
    });
  if (!compileFilter(options.databases).matches(source.projectId)) return assemble([], emptyRows);
  let { datasets, regionMode } = await readDatasets(reader);
  reader.progress('schemas', { schemas: datasets.length });
  let tables: Row[] = [];
  if (!regionMode) ({ datasets, tables } = await probeDatasets(reader, datasets));
  else if (datasets.length > 0) tables = await reader.run('TABLES', [reader.region]);
  reader.progress('tables', { schemas: datasets.length, tables: tables.length });
  const catalog = assemble(datasets, { tables, ...(await readViews(reader, datasets, regionMode)) });
  reader.progress('done', catalogCounts(catalog));
  return catalog;
}

const emptyRows: ViewRows = {
  schemaOptions: [],
  tables: [],
  tableOptions: [],
  storage: [],
  views: [],
  columns: [],
  fieldPaths: [],
  constraints: [],
  keyColumns: [],
  constraintColumns: [],
};
