import type { CatalogWarning } from '../../catalog/model.js';
import { throwIfAborted } from '../../core/errors.js';
import { createRedactor } from '../../core/redact.js';
import type { Adapter, AdapterFactoryOptions } from '../adapter.js';
import { defaultTimeoutMs } from '../adapter.js';
import { credentialSecrets } from '../credentials.js';
import { defineAdapter } from '../kernel/define-adapter.js';
import { capResultBytes } from '../result-caps.js';
import { assembleDatabases } from './assemble.js';
import { databricksCapabilities } from './capabilities.js';
import { DatabricksConnection, type DatabricksCredentials } from './connection.js';
import type { DatabricksDriver, DatabricksOperation, DatabricksSession } from './driver-types.js';
import { mapDatabricksError } from './errors.js';
import { readRawCatalog } from './introspect.js';
import { runOperation } from './operation.js';
import { bindParameters } from './parameters.js';
import { versionQuery } from './queries.js';

const pageSize = 10_000;
/** Catalog statements may wait for a warehouse to start. */
const catalogStatementTimeoutMs = 10 * 60_000;
const catalogPageSize = 100_000;

export function createDatabricksClientAdapter(
  credentials: DatabricksCredentials,
  options: AdapterFactoryOptions<DatabricksDriver> = {},
): Adapter {
  const redactor = createRedactor(credentialSecrets(credentials));
  const log = (message: string, fields?: Record<string, unknown>) =>
    options.log?.(redactor.redactText(message), fields && redactor.redact(fields));
  let statements = 0;

  const session = <T>(
    connection: DatabricksConnection,
    signal: AbortSignal,
    body: (session: DatabricksSession) => Promise<T>,
  ): Promise<T> =>
    connection.withSession(signal, async (opened) => {
      try {
        return await body(opened);
      } catch (error) {
        throw mapDatabricksError(error, 'query', redactor);
      }
    });
  const counted =
    (start: () => Promise<DatabricksOperation>): (() => Promise<DatabricksOperation>) =>
    () => {
      statements++;
      return start();
    };
  const onCleanupError = (error: unknown) =>
    log('Cancelling or closing a Databricks operation failed', { error: String((error as Error)?.message ?? error) });

  return defineAdapter<DatabricksConnection>({
    name: 'Databricks',
    type: 'databricks',
    capabilities: databricksCapabilities,
    open: async () => new DatabricksConnection({ credentials, driver: options.driver, redactor, log }),
    end: (connection) => connection.close(),
    statementCount: () => statements,
    testConnection: (connection, signal) => {
      const started = performance.now();
      return session(connection, signal, async (opened) => {
        const result = await runOperation(
          counted(() => opened.executeStatement(versionQuery, { maxRows: 1 })),
          { maxRows: 1, pageSize: 1, timeoutMs: defaultTimeoutMs, signal, what: 'the connection test', onCleanupError },
        );
        const version = result.rows[0]?.version;
        return {
          ok: true,
          latencyMs: Math.round(performance.now() - started),
          serverVersion: String(version ?? 'unknown'),
        };
      });
    },
    query: async (connection, sql, params, { signal, maxRows, timeoutMs, ...rest }) => {
      const page = Math.max(1, Math.min(pageSize, maxRows + 1));
      const result = await session(connection, signal, (opened) =>
        runOperation(
          counted(() =>
            opened.executeStatement(sql, {
              ...bindParameters(params),
              maxRows: page,
              queryTimeout: Math.max(1, Math.ceil(timeoutMs / 1000)),
            }),
          ),
          { maxRows, pageSize: page, timeoutMs, signal, what: 'the statement', onCleanupError },
        ),
      );
      return capResultBytes(result, rest);
    },
    introspect: async (connection, introspectOptions) => {
      const { signal } = introspectOptions;
      const catalog = credentials.catalog;
      const warnings: CatalogWarning[] = [];
      const read = (start: () => Promise<DatabricksOperation>, what: string) =>
        runOperation(counted(start), {
          maxRows: Number.MAX_SAFE_INTEGER - 1,
          pageSize: catalogPageSize,
          timeoutMs: catalogStatementTimeoutMs,
          signal,
          what,
          onCleanupError,
        }).then((result) => result.rows);
      const raw = await session(connection, signal, (opened) =>
        readRawCatalog(
          { session: opened, read, catalog, redactor, pageSize: catalogPageSize },
          introspectOptions,
          warnings,
        ),
      );
      // Reading may have finished just as the caller gave up: honour the abort.
      throwIfAborted(signal);
      return {
        formatVersion: 1,
        engine: 'databricks',
        introspectedAt: new Date().toISOString(),
        databases: assembleDatabases(raw, introspectOptions, catalog),
        warnings,
      };
    },
  });
}
