import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { throwIfAborted } from '../../core/errors.js';
import { loadDriver } from '../../core/load-driver.js';
import { createRedactor } from '../../core/redact.js';
import type { Adapter, AdapterFactoryOptions, PrivilegeReport, QueryParams } from '../adapter.js';
import { type CredentialsOf, credentialSecrets } from '../credentials.js';
import { defineAdapter } from '../kernel/define-adapter.js';
import type { ResolvedQueryOptions } from '../kernel/query-options.js';
import { capResultBytes, isSandboxed } from '../result-caps.js';
import { duckDbCapabilities } from './capabilities.js';
import { toDuckDbError } from './errors.js';
import { introspectDuckDb } from './introspect.js';
import { type DuckDbDriver, runDuckDbQuery } from './run-query.js';

export type DuckDbCredentials = CredentialsOf<'duckdb'>;

/**
 * What a sandboxed query needs from DuckDB itself: no file, URL, extension or environment access (replacement scans
 * of paths, read_* functions, COPY, ATTACH, INSTALL), and a locked configuration so SQL cannot turn it back on.
 */
const sandboxStatements = ['SET enable_external_access = false', 'SET lock_configuration = true'];

interface DuckDbClient {
  driver: DuckDbDriver;
  instance: DuckDBInstance;
}

export function createDuckDbAdapter(
  credentials: DuckDbCredentials,
  // `driver`, when given, is the @duckdb/node-api module (typed loosely: see driver-module.ts).
  options: AdapterFactoryOptions = {},
): Adapter {
  const redactor = createRedactor(credentialSecrets(credentials));
  const inMemory = credentials.path === ':memory:';
  let statementCount = 0;
  let version: string | undefined;
  const active = new Set<DuckDBConnection>();

  const open = async (): Promise<DuckDbClient> => {
    const driver = await loadDriver<DuckDbDriver>('@duckdb/node-api', options.driver as DuckDbDriver | undefined);
    try {
      // An in-memory database cannot open read-only; its `readOnly` is enforced per statement instead.
      const settings: Record<string, string> = credentials.readOnly && !inMemory ? { access_mode: 'READ_ONLY' } : {};
      return { driver, instance: await driver.DuckDBInstance.create(credentials.path, settings) };
    } catch (error) {
      throw toDuckDbError(error, redactor, 'open');
    }
  };

  /** Runs `use` on a fresh connection, closed afterwards. */
  const withConnection = async <T>(
    { instance }: DuckDbClient,
    signal: AbortSignal,
    use: (connection: DuckDBConnection) => Promise<T>,
  ): Promise<T> => {
    throwIfAborted(signal);
    const connection = await instance.connect().catch((error: unknown) => {
      throw toDuckDbError(error, redactor, 'open');
    });
    active.add(connection);
    try {
      return await use(connection);
    } finally {
      active.delete(connection);
      connection.closeSync();
    }
  };

  /** One statement, counted. */
  const run = (
    driver: DuckDbDriver,
    connection: DuckDBConnection,
    sql: string,
    params: QueryParams | undefined,
    runOptions: Parameters<typeof runDuckDbQuery>[5],
  ) => {
    statementCount++;
    return runDuckDbQuery(driver, connection, redactor, sql, params, runOptions);
  };

  // DuckDB settings are per database instance: once locked, the whole adapter stays locked (by design).
  let lockedDown: Promise<void> | undefined;
  const lockDown = (connection: DuckDBConnection, driver: DuckDbDriver, signal: AbortSignal) => {
    lockedDown ??= (async () => {
      for (const sql of sandboxStatements) await run(driver, connection, sql, undefined, { signal });
    })();
    lockedDown.catch(() => (lockedDown = undefined));
    return lockedDown;
  };

  const serverVersion = async (connection: DuckDBConnection, driver: DuckDbDriver, signal: AbortSignal) => {
    if (version === undefined) {
      const { rows } = await run(driver, connection, 'SELECT version() AS version', undefined, { signal });
      version = String(rows[0]?.version ?? '');
    }
    return version;
  };

  const query = (
    client: DuckDbClient,
    sql: string,
    params: QueryParams | undefined,
    queryOptions: ResolvedQueryOptions,
  ) =>
    withConnection(client, queryOptions.signal, async (connection) => {
      const { driver } = client;
      const { signal } = queryOptions;
      const sandboxed = isSandboxed(queryOptions);
      if (sandboxed) {
        await lockDown(connection, driver, signal);
        // Whatever a SELECT still changes (nextval, a macro's side effects) is rolled back with the transaction.
        await run(driver, connection, 'BEGIN TRANSACTION', undefined, { signal });
      }
      try {
        // EXPLAIN plans the statement without running it (and only SELECT/EXPLAIN pass the read-only check).
        const outcome = await run(driver, connection, queryOptions.dryRun ? `EXPLAIN ${sql}` : sql, params, {
          signal,
          timeoutMs: queryOptions.timeoutMs,
          maxRows: queryOptions.maxRows,
          readOnly: queryOptions.readOnly === true || sandboxed || credentials.readOnly || queryOptions.dryRun === true,
        });
        return capResultBytes(outcome, queryOptions);
      } finally {
        // The connection is closed right after; the rollback only makes the intent explicit and the WAL clean.
        if (sandboxed) await run(driver, connection, 'ROLLBACK', undefined, { signal }).catch(() => undefined);
      }
    });

  return defineAdapter<DuckDbClient>({
    name: 'DuckDB',
    type: 'duckdb',
    capabilities: duckDbCapabilities,
    open,
    end: async ({ instance }) => instance.closeSync(),
    statementCount: () => statementCount,
    // Statements stop in the engine at once; close() then waits for them to settle.
    interrupt: () => {
      for (const connection of active) connection.interrupt();
    },
    testConnection: (client, signal) => {
      const started = performance.now();
      return withConnection(client, signal, async (connection) => {
        const { rows } = await run(client.driver, connection, 'SELECT version() AS version', undefined, { signal });
        version = String(rows[0]?.version ?? '');
        return { ok: true, latencyMs: performance.now() - started, serverVersion: version };
      });
    },
    query,
    checkPrivileges: async (): Promise<PrivilegeReport> => {
      // Embedded: the process has whatever the file system gives it; sandboxed queries lock external access.
      const findings =
        credentials.readOnly || inMemory
          ? []
          : [
              {
                code: 'WRITE',
                message: `the database file is opened read-write (set readOnly: true to open it read-only)`,
              },
            ];
      return { readOnly: findings.length === 0, findings };
    },
    introspect: (client, introspectOptions) =>
      withConnection(client, introspectOptions.signal, (connection) =>
        introspectDuckDb(
          {
            select: async (conn, catalogQuery, signal) =>
              (await run(client.driver, conn, catalogQuery.sql, catalogQuery.params, { ...(signal ? { signal } : {}) }))
                .rows,
            serverVersion: (conn, signal) => serverVersion(conn, client.driver, signal ?? introspectOptions.signal),
          },
          connection,
          introspectOptions,
        ),
      ),
  });
}
