import type { Catalog } from '../../catalog/model.js';
import { DatataskError, ErrorCode, throwIfAborted } from '../../core/errors.js';
import { createRedactor, type Redactor } from '../../core/redact.js';
import type {
  Adapter,
  AdapterCapabilities,
  CallOptions,
  ConnectionTestResult,
  IntrospectOptions,
  QueryOptions,
  QueryParams,
  QueryResult,
} from '../adapter.js';
import { defaultMaxRows, defaultTimeoutMs } from '../adapter.js';
import { credentialSecrets } from '../credentials.js';
import { loadDriver } from '../load-driver.js';
import { capResultBytes } from '../result-caps.js';
import {
  type BigQueryAdapterOptions,
  type BigQueryClientLike,
  type BigQueryCredentials,
  type BigQueryModule,
  bigQueryClientOptions,
  sendRequest,
} from './client.js';
import { toBigQueryError } from './errors.js';
import { introspectProject, serverVersion } from './introspect.js';
import { type JobContext, type RunOptions, runStatement } from './jobs.js';

const capabilities: AdapterCapabilities = {
  // One project per adapter: the project is the catalog's database.
  multipleDatabases: false,
  schemas: true,
  materializedViews: true,
  foreignKeys: true,
  enforcedConstraints: false,
  indexes: false,
  partitions: true,
  comments: true,
  readOnlyTransactions: false,
  serverSideTimeout: true,
  cancelQuery: true,
  columnStatistics: false,
  parameterStyle: 'both',
  sqlDialect: 'bigquery',
};

/** Catalog statements scan metadata only; this bounds a stuck one. */
const catalogTimeoutMs = 300_000;
/** Rows asked per getQueryResults page for user queries. */
const pageRows = 10_000;

/** BigQuery through `@google-cloud/bigquery`'s authenticated REST client: stateless, so there is no pool to close. */
export class BigQueryAdapter implements Adapter {
  readonly type = 'bigquery' as const;
  readonly capabilities = capabilities;
  readonly #credentials: BigQueryCredentials;
  readonly #options: BigQueryAdapterOptions;
  readonly #redactor: Redactor;
  #client: Promise<BigQueryClientLike> | undefined;
  #statements = 0;
  #closed = false;

  constructor(credentials: BigQueryCredentials, options: BigQueryAdapterOptions = {}) {
    this.#credentials = credentials;
    this.#options = options;
    this.#redactor = createRedactor(credentialSecrets(credentials));
  }

  get queryCount(): number {
    return this.#statements;
  }

  async testConnection(options: CallOptions = {}): Promise<ConnectionTestResult> {
    throwIfAborted(options.signal);
    const started = performance.now();
    await this.#run('SELECT 1 AS ok', undefined, {
      signal: options.signal,
      timeoutMs: this.#credentials.connectTimeoutMs,
      maxRows: 1,
      context: 'connect',
    });
    return { ok: true, latencyMs: Math.round(performance.now() - started), serverVersion };
  }

  async query(sql: string, params?: QueryParams, options: QueryOptions = {}): Promise<QueryResult> {
    throwIfAborted(options.signal);
    const maxRows = options.maxRows ?? defaultMaxRows;
    // BigQuery has no read-only transaction: `readOnly` is enforced by the callers' SQL checks and IAM roles.
    const result = await this.#run(sql, params, {
      signal: options.signal,
      timeoutMs: options.timeoutMs ?? defaultTimeoutMs,
      maxRows,
      pageRows: Math.min(maxRows, pageRows),
      dryRun: options.dryRun,
      context: 'query',
    });
    return capResultBytes(result, options);
  }

  async introspect(options: IntrospectOptions = {}): Promise<Catalog> {
    throwIfAborted(options.signal);
    const client = await this.#connect();
    return introspectProject(
      {
        projectId: this.#credentials.projectId,
        location: this.#credentials.location,
        datasets: this.#credentials.datasets,
        run: async (sql, params, signal) =>
          (
            await this.#run(sql, params, {
              signal,
              timeoutMs: catalogTimeoutMs,
              maxRows: Number.POSITIVE_INFINITY,
              context: 'introspect',
            })
          ).rows,
        listDatasets: (signal) => this.#listDatasets(client, signal),
      },
      options,
    );
  }

  async close(): Promise<void> {
    // The driver keeps no session; HTTP sockets belong to Node's shared agents and idle out on their own.
    this.#closed = true;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  async #connect(): Promise<BigQueryClientLike> {
    if (this.#closed) {
      throw new DatataskError(ErrorCode.CONNECTION_FAILED, 'The BigQuery adapter is closed', { retriable: false });
    }
    this.#client ??= (async () => {
      const driver = await loadDriver<BigQueryModule>(
        '@google-cloud/bigquery',
        this.#options.driver as BigQueryModule | undefined,
      );
      return new driver.BigQuery(bigQueryClientOptions(this.#credentials, this.#options));
    })();
    try {
      return await this.#client;
    } catch (error) {
      this.#client = undefined;
      throw toBigQueryError(error, 'connect', this.#redactor);
    }
  }

  async #run(sql: string, params: QueryParams | undefined, options: RunOptions): Promise<QueryResult> {
    const client = await this.#connect();
    throwIfAborted(options.signal);
    const context: JobContext = {
      client,
      location: this.#credentials.location,
      redactor: this.#redactor,
      log: this.#options.log
        ? (message, fields) => this.#options.log?.(message, this.#redactor.redact(fields))
        : undefined,
      countStatement: () => {
        this.#statements++;
      },
    };
    return runStatement(context, sql, params, options);
  }

  /** datasets.list, every page, keeping the datasets of the adapter's location (the only ones its jobs can read). */
  async #listDatasets(client: BigQueryClientLike, signal: AbortSignal | undefined): Promise<string[]> {
    const names: string[] = [];
    let pageToken: string | undefined;
    const location = this.#credentials.location.toLowerCase();
    do {
      throwIfAborted(signal);
      let page: { datasets?: Array<{ datasetReference?: { datasetId?: string }; location?: string }> } & {
        nextPageToken?: string;
      };
      try {
        page = await sendRequest(client, { uri: '/datasets', qs: { maxResults: 1000, pageToken } });
      } catch (error) {
        throw toBigQueryError(error, 'introspect', this.#redactor);
      }
      for (const dataset of page.datasets ?? []) {
        const id = dataset.datasetReference?.datasetId;
        if (id && (!dataset.location || dataset.location.toLowerCase() === location)) names.push(id);
      }
      pageToken = page.nextPageToken;
    } while (pageToken);
    return names;
  }
}
