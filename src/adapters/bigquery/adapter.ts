import { throwIfAborted } from '../../core/errors.js';
import { createRedactor, type Redactor } from '../../core/redact.js';
import type { Adapter, QueryParams, QueryResult } from '../adapter.js';
import { credentialSecrets } from '../credentials.js';
import { defineAdapter } from '../kernel/define-adapter.js';
import { loadDriver } from '../load-driver.js';
import { capResultBytes } from '../result-caps.js';
import { bigQueryCapabilities } from './capabilities.js';
import {
  type BigQueryAdapterOptions,
  type BigQueryClientLike,
  type BigQueryCredentials,
  type BigQueryModule,
  bigQueryClientOptions,
  sendRequest,
} from './connection.js';
import { toBigQueryError } from './errors.js';
import { introspectProject, serverVersion } from './introspect.js';
import { type JobContext, type RunOptions, runStatement } from './statement.js';

/** Catalog statements scan metadata only; this bounds a stuck one. */
const catalogTimeoutMs = 300_000;
/** Rows asked per getQueryResults page for user queries. */
const pageRows = 10_000;

/** BigQuery through `@google-cloud/bigquery`'s authenticated REST client: stateless, so there is no pool to close. */
export function createBigQueryClientAdapter(
  credentials: BigQueryCredentials,
  options: BigQueryAdapterOptions = {},
): Adapter {
  const redactor = createRedactor(credentialSecrets(credentials));
  let statements = 0;

  const run = async (
    client: BigQueryClientLike,
    sql: string,
    params: QueryParams | undefined,
    runOptions: RunOptions,
  ): Promise<QueryResult> => {
    throwIfAborted(runOptions.signal);
    const context: JobContext = {
      client,
      location: credentials.location,
      redactor,
      log: options.log ? (message, fields) => options.log?.(message, redactor.redact(fields)) : undefined,
      countStatement: () => {
        statements++;
      },
    };
    return runStatement(context, sql, params, runOptions);
  };

  return defineAdapter<BigQueryClientLike>({
    name: 'BigQuery',
    type: 'bigquery',
    capabilities: bigQueryCapabilities,
    open: async () => {
      try {
        const driver = await loadDriver<BigQueryModule>(
          '@google-cloud/bigquery',
          options.driver as BigQueryModule | undefined,
        );
        return new driver.BigQuery(bigQueryClientOptions(credentials, options));
      } catch (error) {
        throw toBigQueryError(error, 'connect', redactor);
      }
    },
    // The driver keeps no session; HTTP sockets belong to Node's shared agents and idle out on their own.
    end: async () => {},
    statementCount: () => statements,
    testConnection: async (client, signal) => {
      const started = performance.now();
      await run(client, 'SELECT 1 AS ok', undefined, {
        signal,
        timeoutMs: credentials.connectTimeoutMs,
        maxRows: 1,
        context: 'connect',
      });
      return { ok: true, latencyMs: Math.round(performance.now() - started), serverVersion };
    },
    query: async (client, sql, params, queryOptions) => {
      // BigQuery has no read-only transaction: `readOnly` is enforced by the callers' SQL checks and IAM roles.
      const result = await run(client, sql, params, {
        signal: queryOptions.signal,
        timeoutMs: queryOptions.timeoutMs,
        maxRows: queryOptions.maxRows,
        pageRows: Math.min(queryOptions.maxRows, pageRows),
        dryRun: queryOptions.dryRun,
        context: 'query',
      });
      return capResultBytes(result, queryOptions);
    },
    introspect: (client, introspectOptions) =>
      introspectProject(
        {
          projectId: credentials.projectId,
          location: credentials.location,
          datasets: credentials.datasets,
          run: async (sql, params, signal) =>
            (
              await run(client, sql, params, {
                signal,
                timeoutMs: catalogTimeoutMs,
                maxRows: Number.POSITIVE_INFINITY,
                context: 'introspect',
              })
            ).rows,
          listDatasets: (signal) => listDatasets(client, credentials.location, redactor, signal),
        },
        introspectOptions,
      ),
  });
}

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
