import { createRedactor } from '../../core/redact.js';
import type { Adapter } from '../adapter.js';
import { credentialSecrets } from '../credentials.js';
import { defineAdapter } from '../kernel/define-adapter.js';
import { capResultBytes } from '../result-caps.js';
import { bigQueryCapabilities } from './capabilities.js';
import {
  type BigQueryAdapterOptions,
  type BigQueryClientLike,
  type BigQueryCredentials,
  openClient,
} from './connection.js';
import { catalogSource, introspectProject, serverVersion } from './introspect.js';
import { createStatementRunner } from './statement.js';

/** Rows asked per getQueryResults page for user queries. */
const pageRows = 10_000;

/** BigQuery through `@google-cloud/bigquery`'s authenticated REST client: stateless, so there is no pool to close. */
export function createBigQueryClientAdapter(
  credentials: BigQueryCredentials,
  options: BigQueryAdapterOptions = {},
): Adapter {
  const redactor = createRedactor(credentialSecrets(credentials));
  const statements = createStatementRunner(credentials.location, redactor, options.log);
  return defineAdapter<BigQueryClientLike>({
    name: 'BigQuery',
    type: 'bigquery',
    capabilities: bigQueryCapabilities,
    open: () => openClient(credentials, options, redactor),
    // The driver keeps no session; HTTP sockets belong to Node's shared agents and idle out on their own.
    end: async () => {},
    statementCount: () => statements.count(),
    testConnection: async (client, signal) => {
      const started = performance.now();
      await statements.run(client, 'SELECT 1 AS ok', undefined, {
        signal,
        timeoutMs: credentials.connectTimeoutMs,
        maxRows: 1,
        context: 'connect',
      });
      return { ok: true, latencyMs: Math.round(performance.now() - started), serverVersion };
    },
    query: async (client, sql, params, queryOptions) => {
      // BigQuery has no read-only transaction: `readOnly` is enforced by the callers' SQL checks and IAM roles.
      const result = await statements.run(client, sql, params, {
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
      introspectProject(catalogSource(client, credentials, statements, redactor), introspectOptions),
  });
}
