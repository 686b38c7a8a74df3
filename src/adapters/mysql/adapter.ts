import { loadDriver } from '../../core/load-driver.js';
import { createRedactor } from '../../core/redact.js';
import type { Adapter, AdapterFactoryOptions } from '../adapter.js';
import { scopeToCredentialsDatabase } from '../credential-scope.js';
import { credentialSecrets } from '../credentials.js';
import { defineAdapter } from '../kernel/define-adapter.js';
import { mysqlCapabilities } from './capabilities.js';
import {
  connectedDatabase,
  MysqlConnections,
  type MysqlCredentials,
  type MysqlModule,
  mysqlConnectionOptions,
} from './connection.js';
import { introspectMysql } from './introspect.js';
import { mysqlPrivileges } from './privileges.js';
import { runStatement, runUserQuery } from './statement.js';

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
  /** One statement of ours on a leased connection, bounded by the connect timeout. */
  const runShort = (pool: MysqlConnections, signal: AbortSignal, sql: string) =>
    pool.withConnection(signal, (lease) =>
      runStatement(pool, lease, redactor, sql, undefined, { signal, timeoutMs: credentials.connectTimeoutMs }),
    );

  return defineAdapter<MysqlConnections>({
    name: 'MySQL',
    type: 'mysql',
    capabilities: mysqlCapabilities,
    open: async () => {
      const driver = await loadDriver<MysqlModule>('mysql2', options.driver as MysqlModule | undefined);
      connections = new MysqlConnections(driver, mysqlConnectionOptions(credentials), redactor, log);
      return connections;
    },
    end: (pool) => pool.close(),
    statementCount: () => connections?.statementCount ?? 0,
    testConnection: async (pool, signal) => {
      const started = performance.now();
      const { rows } = await runShort(pool, signal, 'SELECT VERSION() AS version');
      const serverVersion = String(rows[0]?.version ?? '');
      pool.rememberVersion(serverVersion);
      return { ok: true, latencyMs: performance.now() - started, serverVersion };
    },
    query: (pool, sql, params, queryOptions) =>
      pool.withConnection(queryOptions.signal, async (lease) => {
        const isMariaDb = /mariadb/i.test(await pool.serverVersion(lease.connection));
        const context = { connections: pool, redactor, lease, isMariaDb };
        // EXPLAIN plans without running; FORMAT= first keeps the caller's text from adding ANALYZE (MySQL 8 runs
        // EXPLAIN ANALYZE). MySQL may evaluate constant subqueries while planning, hence READ ONLY too (MariaDB
        // then refuses to EXPLAIN a write: READ_ONLY_VIOLATION, still nothing run).
        return queryOptions.dryRun
          ? runUserQuery(context, `EXPLAIN FORMAT=JSON ${sql}`, params, { ...queryOptions, readOnly: true })
          : runUserQuery(context, sql, params, queryOptions);
      }),
    checkPrivileges: async (pool, signal) => {
      const { rows } = await runShort(pool, signal, 'SHOW GRANTS');
      return mysqlPrivileges(rows.map((row) => String(Object.values(row)[0] ?? '')));
    },
    // A database named by the credentials (field or URL path) is the one read, unless the filters say otherwise.
    introspect: (pool, introspectOptions) =>
      introspectMysql(
        { connections: pool, redactor, databaseName },
        scopeToCredentialsDatabase(introspectOptions, connectedDatabase(credentials), 'schemas'),
      ),
  });
}
