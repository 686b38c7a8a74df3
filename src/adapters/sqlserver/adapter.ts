import type { Catalog } from '../../catalog/model.js';
import { createRedactor } from '../../core/redact.js';
import type {
  Adapter,
  AdapterCapabilities,
  AdapterFactoryOptions,
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
import type { SqlServerCredentials } from './config.js';
import { SqlServerConnections } from './connections.js';
import type { MssqlDriver } from './driver.js';
import { abortReason } from './errors.js';
import { introspectSqlServer } from './introspect.js';
import { serverInfoSql } from './queries.js';
import { runStatement } from './run-statement.js';

/**
 * SQL Server and Azure SQL. One database per connection (the connected one: cross-database sys.* queries do not
 * work on Azure SQL Database). There is no read-only transaction: `readOnly` cannot be enforced by the engine, so
 * callers must rely on parsing and on a login without write permissions. Timeouts and aborts cancel the statement
 * on the server with a TDS attention (the driver's timer and ours), hence no server-side timeout setting.
 */
export const sqlServerCapabilities: AdapterCapabilities = Object.freeze({
  multipleDatabases: false,
  schemas: true,
  materializedViews: true,
  foreignKeys: true,
  enforcedConstraints: true,
  indexes: true,
  partitions: true,
  comments: true,
  readOnlyTransactions: false,
  serverSideTimeout: false,
  cancelQuery: true,
  columnStatistics: false,
  parameterStyle: 'named',
  sqlDialect: 'mssql',
});

/** SQL Server adapter over `mssql` (tedious), loaded on first use. Parameters bind as @p1..@pn or @name. */
export function createSqlServerAdapter(
  credentials: SqlServerCredentials,
  options: AdapterFactoryOptions<MssqlDriver> = {},
): Adapter {
  const redactor = createRedactor(credentialSecrets(credentials));
  const log = (message: string, fields?: Record<string, unknown>) =>
    options.log?.(redactor.redactText(message), fields ? redactor.redact(fields) : undefined);
  let connections: SqlServerConnections | undefined;
  let loading: Promise<SqlServerConnections> | undefined;
  let closed = false;

  const ready = async (signal?: AbortSignal): Promise<SqlServerConnections> => {
    if (signal?.aborted) throw abortReason(signal);
    loading ??= loadDriver<MssqlDriver>('mssql', options.driver).then((driver) => {
      connections = new SqlServerConnections(driver, credentials, redactor, log);
      if (closed) void connections.close();
      return connections;
    });
    return loading;
  };

  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await (await loading?.catch(() => undefined))?.close();
  };

  return {
    type: 'sqlserver',
    capabilities: sqlServerCapabilities,
    get queryCount() {
      return connections?.statementCount ?? 0;
    },

    async testConnection(callOptions: CallOptions = {}): Promise<ConnectionTestResult> {
      const { signal } = callOptions;
      const pool = await ready(signal);
      const started = performance.now();
      const { rows } = await runStatement(pool, serverInfoSql, undefined, {
        ...(signal ? { signal } : {}),
        timeoutMs: credentials.connectTimeoutMs,
      });
      const version =
        String(rows[0]?.version ?? rows[0]?.product_version ?? '')
          .split('\n')[0]
          ?.trim() ?? '';
      return { ok: true, latencyMs: performance.now() - started, serverVersion: version };
    },

    async query(sql: string, params?: QueryParams, queryOptions: QueryOptions = {}): Promise<QueryResult> {
      const { signal, maxRows = defaultMaxRows, timeoutMs = defaultTimeoutMs } = queryOptions;
      const pool = await ready(signal);
      if (queryOptions.readOnly) log('SQL Server has no read-only transaction: readOnly is not enforced by the engine');
      const result = await runStatement(pool, sql, params, { ...(signal ? { signal } : {}), maxRows, timeoutMs });
      return capResultBytes({ columns: result.columns, rows: result.rows, truncated: result.truncated }, queryOptions);
    },

    async introspect(introspectOptions: IntrospectOptions = {}): Promise<Catalog> {
      const pool = await ready(introspectOptions.signal);
      return introspectSqlServer(pool, introspectOptions);
    },

    close,
    [Symbol.asyncDispose]: close,
  };
}
