import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type { Catalog } from '../../catalog/model.js';
import { AbortError, DatataskError, ErrorCode, throwIfAborted } from '../../core/errors.js';
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
import { defaultMaxRows, defaultTimeoutMs } from '../adapter.js';
import { type CredentialsOf, credentialSecrets } from '../credentials.js';
import { loadDriver } from '../load-driver.js';
import { capResultBytes, isSandboxed } from '../result-caps.js';
import { toDuckDbError } from './errors.js';
import { introspectDuckDb } from './introspect.js';
import { type DuckDbDriver, runDuckDbQuery } from './run-query.js';

export type DuckDbCredentials = CredentialsOf<'duckdb'>;

/**
 * Embedded DuckDB. No read-only transactions: read-only credentials open the file with access_mode READ_ONLY, and a
 * `readOnly` query only runs SELECT / EXPLAIN statements. Timeouts interrupt the statement in the engine.
 */
export const duckDbCapabilities: AdapterCapabilities = Object.freeze({
  multipleDatabases: true,
  schemas: true,
  materializedViews: false,
  foreignKeys: true,
  enforcedConstraints: true,
  indexes: true,
  partitions: false,
  comments: true,
  readOnlyTransactions: false,
  serverSideTimeout: false,
  cancelQuery: true,
  columnStatistics: true,
  parameterStyle: 'both',
  sqlDialect: 'duckdb',
});

/**
 * What a sandboxed query needs from DuckDB itself: no file, URL, extension or environment access (replacement scans
 * of paths, read_* functions, COPY, ATTACH, INSTALL), and a locked configuration so SQL cannot turn it back on.
 */
const sandboxStatements = ['SET enable_external_access = false', 'SET lock_configuration = true'];

export function createDuckDbAdapter(
  credentials: DuckDbCredentials,
  // `driver`, when given, is the @duckdb/node-api module (typed loosely: see driver-module.ts).
  options: AdapterFactoryOptions = {},
): Adapter {
  const redactor = createRedactor(credentialSecrets(credentials));
  const inMemory = credentials.path === ':memory:';
  let opening: Promise<{ driver: DuckDbDriver; instance: DuckDBInstance }> | undefined;
  let closed = false;
  let statementCount = 0;
  let version: string | undefined;
  const active = new Set<DuckDBConnection>();
  // Aborted by close(): stops work at whatever stage it is (opening, preparing, streaming).
  const closing = new AbortController();
  const inFlight = new Set<Promise<unknown>>();

  const open = () => {
    opening ??= (async () => {
      const driver = await loadDriver<DuckDbDriver>('@duckdb/node-api', options.driver as DuckDbDriver | undefined);
      try {
        // An in-memory database cannot open read-only; its `readOnly` is enforced per statement instead.
        const settings: Record<string, string> = credentials.readOnly && !inMemory ? { access_mode: 'READ_ONLY' } : {};
        return { driver, instance: await driver.DuckDBInstance.create(credentials.path, settings) };
      } catch (error) {
        throw toDuckDbError(error, redactor, 'open');
      }
    })();
    // A failed open (e.g. a lock held by another process) is tried again on the next call.
    opening.catch(() => (opening = undefined));
    return opening;
  };

  /** Runs `use` on a fresh connection, closed afterwards; close() aborts the signal `use` gets and waits for it. */
  const withConnection = async <T>(
    callerSignal: AbortSignal | undefined,
    use: (connection: DuckDBConnection, driver: DuckDbDriver, signal: AbortSignal) => Promise<T>,
  ): Promise<T> => {
    if (closed)
      throw new DatataskError(ErrorCode.CONNECTION_FAILED, 'DuckDB: the adapter is closed', { retriable: false });
    throwIfAborted(callerSignal);
    const signal = callerSignal ? AbortSignal.any([callerSignal, closing.signal]) : closing.signal;
    const work = (async () => {
      const { driver, instance } = await open();
      throwIfAborted(signal);
      const connection = await instance.connect().catch((error: unknown) => {
        throw toDuckDbError(error, redactor, 'open');
      });
      active.add(connection);
      try {
        return await use(connection, driver, signal);
      } finally {
        active.delete(connection);
        connection.closeSync();
      }
    })();
    inFlight.add(work);
    try {
      return await work;
    } finally {
      inFlight.delete(work);
    }
  };

  // DuckDB settings are per database instance: once locked, the whole adapter stays locked (by design).
  let lockedDown: Promise<void> | undefined;
  const lockDown = (connection: DuckDBConnection, driver: DuckDbDriver, signal: AbortSignal) => {
    lockedDown ??= (async () => {
      for (const sql of sandboxStatements) {
        statementCount++;
        await runDuckDbQuery(driver, connection, redactor, sql, undefined, { signal });
      }
    })();
    lockedDown.catch(() => (lockedDown = undefined));
    return lockedDown;
  };

  const serverVersion = async (connection: DuckDBConnection, driver: DuckDbDriver, signal?: AbortSignal) => {
    if (version === undefined) {
      statementCount++;
      const { rows } = await runDuckDbQuery(driver, connection, redactor, 'SELECT version() AS version', undefined, {
        ...(signal ? { signal } : {}),
      });
      version = String(rows[0]?.version ?? '');
    }
    return version;
  };

  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    closing.abort(new AbortError('DuckDB: the adapter was closed'));
    for (const connection of active) connection.interrupt();
    await Promise.allSettled([...inFlight]);
    const pending = opening;
    opening = undefined;
    (await pending?.catch(() => undefined))?.instance.closeSync();
  };

  return {
    type: 'duckdb',
    capabilities: duckDbCapabilities,
    get queryCount() {
      return statementCount;
    },

    testConnection: (callOptions: CallOptions = {}): Promise<ConnectionTestResult> => {
      const started = performance.now();
      return withConnection(callOptions.signal, async (connection, driver, signal) => {
        statementCount++;
        const { rows } = await runDuckDbQuery(driver, connection, redactor, 'SELECT version() AS version', undefined, {
          signal,
        });
        version = String(rows[0]?.version ?? '');
        return { ok: true, latencyMs: performance.now() - started, serverVersion: version };
      });
    },

    query: (sql: string, params?: QueryParams, queryOptions: QueryOptions = {}): Promise<QueryResult> =>
      withConnection(queryOptions.signal, async (connection, driver, signal) => {
        const sandboxed = isSandboxed(queryOptions);
        const control = (statement: string) => {
          statementCount++;
          return runDuckDbQuery(driver, connection, redactor, statement, undefined, { signal });
        };
        if (sandboxed) {
          await lockDown(connection, driver, signal);
          // Whatever a SELECT still changes (nextval, a macro's side effects) is rolled back with the transaction.
          await control('BEGIN TRANSACTION');
        }
        try {
          statementCount++;
          const outcome = await runDuckDbQuery(driver, connection, redactor, sql, params, {
            signal,
            timeoutMs: queryOptions.timeoutMs ?? defaultTimeoutMs,
            maxRows: queryOptions.maxRows ?? defaultMaxRows,
            readOnly: queryOptions.readOnly === true || sandboxed || credentials.readOnly,
          });
          return capResultBytes(outcome, queryOptions);
        } finally {
          // The connection is closed right after; the rollback only makes the intent explicit and the WAL clean.
          if (sandboxed) await control('ROLLBACK').catch(() => undefined);
        }
      }),

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

    introspect: (introspectOptions: IntrospectOptions = {}): Promise<Catalog> =>
      withConnection(introspectOptions.signal, (connection, driver, signal) =>
        introspectDuckDb(
          {
            select: async (conn, query, signal) => {
              statementCount++;
              const outcome = await runDuckDbQuery(driver, conn, redactor, query.sql, query.params, {
                ...(signal ? { signal } : {}),
              });
              return outcome.rows;
            },
            serverVersion: (conn, signal) => serverVersion(conn, driver, signal),
          },
          connection,
          { ...introspectOptions, signal },
        ),
      ),

    close,
    [Symbol.asyncDispose]: close,
  };
}
