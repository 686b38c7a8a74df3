import type { Catalog } from '../../catalog/model.js';
import { AbortError, DatataskError, ErrorCode } from '../../core/errors.js';
import { createRedactor } from '../../core/redact.js';
import type {
  Adapter,
  AdapterCapabilities,
  AdapterFactoryOptions,
  CallOptions,
  ConnectionTestResult,
  IntrospectOptions,
  PrivilegeReport,
  QueryOptions,
  QueryParams,
  QueryResult,
} from '../adapter.js';
import { scopeToCredentialsDatabase } from '../credential-scope.js';
import { credentialSecrets } from '../credentials.js';
import { loadDriver } from '../load-driver.js';
import { connectedDatabase, type MysqlCredentials, mysqlConnectionOptions } from './connection-options.js';
import { MysqlConnections, type MysqlDriver } from './connections.js';
import { introspectMysql } from './introspect.js';
import { mysqlPrivileges } from './privileges.js';
import { runUserQuery } from './query.js';
import { runStatement } from './run-statement.js';

/** MySQL and MariaDB. MariaDB has no materialized views; MySQL "databases" are catalog schemas. */
export const mysqlCapabilities: AdapterCapabilities = Object.freeze({
  multipleDatabases: false,
  schemas: true,
  materializedViews: false,
  foreignKeys: true,
  enforcedConstraints: true,
  indexes: true,
  partitions: true,
  comments: true,
  readOnlyTransactions: true,
  serverSideTimeout: true,
  cancelQuery: true,
  columnStatistics: true,
  parameterStyle: 'both',
  sqlDialect: 'mysql',
});

/** Name of the catalog database when the credentials name none (information_schema's TABLE_CATALOG). */
const defaultCatalogName = 'def';

/**
 * MySQL / MariaDB adapter over mysql2 (loaded on first use). One small pool per adapter; statements are cancelled on
 * the server with KILL QUERY from a second connection. Positional `?` and named `:name` parameters are bound by the
 * driver.
 */
export function createMysqlAdapter(
  credentials: MysqlCredentials,
  // `driver`, when given, is the mysql2 module (typed loosely so createAdapter can pass its options through).
  options: AdapterFactoryOptions = {},
): Adapter {
  const redactor = createRedactor(credentialSecrets(credentials));
  const log = (message: string, fields?: Record<string, unknown>) =>
    options.log?.(redactor.redactText(message), fields ? redactor.redact(fields) : undefined);
  const databaseName = connectedDatabase(credentials) ?? defaultCatalogName;
  let connections: MysqlConnections | undefined;
  let opening: Promise<MysqlConnections> | undefined;
  let closed = false;
  // Aborted by close(): statements still running are killed on the server before the pool ends.
  const closing = new AbortController();
  const inFlight = new Set<Promise<unknown>>();
  const signalFor = (signal: AbortSignal | undefined) =>
    signal ? AbortSignal.any([signal, closing.signal]) : closing.signal;
  const track = async <T>(work: Promise<T>): Promise<T> => {
    inFlight.add(work);
    try {
      return await work;
    } finally {
      inFlight.delete(work);
    }
  };

  const ready = async (): Promise<MysqlConnections> => {
    if (closed)
      throw new DatataskError(ErrorCode.CONNECTION_FAILED, 'MySQL: the adapter is closed', { retriable: false });
    opening ??= loadDriver<MysqlDriver>('mysql2', options.driver as MysqlDriver | undefined).then((driver) => {
      connections = new MysqlConnections(driver, mysqlConnectionOptions(credentials), redactor, log);
      return connections;
    });
    return opening;
  };

  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    closing.abort(new AbortError('MySQL: the adapter was closed'));
    await Promise.allSettled([...inFlight]);
    const pending = opening;
    if (!pending) return;
    await (await pending.catch(() => undefined))?.close();
  };

  return {
    type: 'mysql',
    capabilities: mysqlCapabilities,
    get queryCount() {
      return connections?.statementCount ?? 0;
    },

    async testConnection(callOptions: CallOptions = {}): Promise<ConnectionTestResult> {
      const pool = await ready();
      const signal = signalFor(callOptions.signal);
      const started = performance.now();
      return track(
        pool.withConnection(signal, async (lease) => {
          const { rows } = await runStatement(pool, lease, redactor, 'SELECT VERSION() AS version', undefined, {
            signal,
            timeoutMs: credentials.connectTimeoutMs,
          });
          return { ok: true, latencyMs: performance.now() - started, serverVersion: String(rows[0]?.version ?? '') };
        }),
      );
    },

    async query(sql: string, params?: QueryParams, queryOptions: QueryOptions = {}): Promise<QueryResult> {
      const pool = await ready();
      const signal = signalFor(queryOptions.signal);
      return track(
        pool.withConnection(signal, async (lease) => {
          const isMariaDb = /mariadb/i.test(await pool.serverVersion(lease.connection));
          const context = { connections: pool, redactor, lease, isMariaDb };
          return runUserQuery(context, sql, params, { ...queryOptions, signal });
        }),
      );
    },

    async checkPrivileges(callOptions: CallOptions = {}): Promise<PrivilegeReport> {
      const pool = await ready();
      const signal = signalFor(callOptions.signal);
      return track(
        pool.withConnection(signal, async (lease) => {
          const { rows } = await runStatement(pool, lease, redactor, 'SHOW GRANTS', undefined, {
            signal,
            timeoutMs: credentials.connectTimeoutMs,
          });
          return mysqlPrivileges(rows.map((row) => String(Object.values(row)[0] ?? '')));
        }),
      );
    },

    async introspect(introspectOptions: IntrospectOptions = {}): Promise<Catalog> {
      const pool = await ready();
      const signal = signalFor(introspectOptions.signal);
      // A database named by the credentials (field or URL path) is the one read, unless the filters say otherwise.
      const scoped = scopeToCredentialsDatabase(introspectOptions, connectedDatabase(credentials), 'schemas');
      return track(introspectMysql({ connections: pool, redactor, databaseName }, { ...scoped, signal }));
    },

    close,
    [Symbol.asyncDispose]: close,
  };
}
