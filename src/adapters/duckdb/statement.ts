import type { DuckDBConnection, DuckDBResult, DuckDBValue } from '@duckdb/node-api';
import { AbortError, DatataskError, ErrorCode, TimeoutError } from '../../core/errors.js';
import type { Redactor } from '../../core/redact.js';
import type { QueryColumn, QueryParams, QueryResult } from '../adapter.js';
import { explainRuns } from '../kernel/explain-runs.js';
import type { ResolvedQueryOptions } from '../kernel/query-options.js';
import { capResultBytes, isSandboxed } from '../result-caps.js';
import type { DuckDbCredentials, DuckDbModule } from './connection.js';
import { toDuckDbError } from './errors.js';

export interface RunOptions {
  signal?: AbortSignal;
  /** Interrupts the statement when it fires. */
  timeoutMs?: number;
  maxRows?: number;
  /** Refuse anything but SELECT / EXPLAIN (DuckDB has no read-only transaction). */
  readOnly?: boolean;
}

export interface RunOutcome {
  columns: QueryColumn[];
  rows: Record<string, unknown>[];
  truncated: boolean;
}

/** BIGINT/HUGEINT arrive as bigint, which JSON cannot carry: numbers when exact, text otherwise. */
function plain(value: unknown): unknown {
  if (typeof value === 'bigint') {
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
      ? Number(value)
      : value.toString();
  }
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === 'object' && !(value instanceof Date) && !ArrayBuffer.isView(value)) {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, plain(inner)]));
  }
  return value;
}

function abortReason(signal: AbortSignal): DatataskError {
  const reason: unknown = signal.reason;
  if (reason instanceof DatataskError) return reason;
  return new AbortError(reason instanceof Error ? reason.message : undefined, { cause: reason });
}

/** A timeout or an abort interrupts the connection's running statement and records why. */
function cancellation(connection: DuckDBConnection, options: RunOptions) {
  let reason: DatataskError | undefined;
  const cancel = (why: DatataskError) => {
    reason ??= why;
    connection.interrupt();
  };
  const timer =
    options.timeoutMs !== undefined && options.timeoutMs > 0
      ? setTimeout(
          () =>
            cancel(new TimeoutError(`DuckDB: the query ran longer than ${options.timeoutMs} ms and was interrupted`)),
          options.timeoutMs,
        )
      : undefined;
  const onAbort = () => cancel(abortReason(options.signal!));
  options.signal?.addEventListener('abort', onAbort, { once: true });
  return {
    reason: () => reason,
    check: () => {
      if (reason) throw reason;
    },
    dispose: () => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
    },
  };
}

/** Result chunks until `maxRows` + 1 rows are seen. */
async function readRows(
  driver: DuckDbModule,
  result: DuckDBResult,
  maxRows: number,
  check: () => void,
): Promise<RunOutcome> {
  const names = result.deduplicatedColumnNames();
  const columns = names.map((name, index) => ({ name, type: result.columnType(index).toString() }));
  const rows: Record<string, unknown>[] = [];
  let truncated = false;
  while (!truncated) {
    const chunk = await result.fetchChunk();
    check();
    if (!chunk || chunk.rowCount === 0) break;
    for (const values of chunk.convertRows(driver.JSDuckDBValueConverter)) {
      if (rows.length >= maxRows) {
        truncated = true;
        break;
      }
      rows.push(Object.fromEntries(names.map((name, index) => [name, plain(values[index])])));
    }
  }
  return { columns, rows, truncated };
}

/**
 * Prepares one statement, binds `$1` / `?` / `$name` parameters natively, and streams result chunks until
 * `maxRows` + 1 rows are seen. A timeout or an abort interrupts the connection's running statement.
 */
export async function runDuckDbQuery(
  driver: DuckDbModule,
  connection: DuckDBConnection,
  redactor: Redactor,
  sql: string,
  params: QueryParams | undefined,
  options: RunOptions = {},
): Promise<RunOutcome> {
  const cancelled = cancellation(connection, options);
  try {
    if (options.signal?.aborted) throw abortReason(options.signal);
    const prepared = await connection.prepare(sql);
    try {
      cancelled.check();
      const type = prepared.statementType;
      // EXPLAIN ANALYZE is an EXPLAIN to DuckDB, and runs its statement (an INSERT, a COPY TO a file).
      const explains = type === driver.StatementType.EXPLAIN && !explainRuns(sql);
      if (options.readOnly && type !== driver.StatementType.SELECT && !explains) {
        throw new DatataskError(
          ErrorCode.READ_ONLY_VIOLATION,
          'DuckDB: only SELECT and EXPLAIN without ANALYZE run in a read-only query',
        );
      }
      if (params !== undefined) prepared.bind(params as DuckDBValue[] | Record<string, DuckDBValue>);
      const result = await prepared.stream();
      cancelled.check();
      return await readRows(driver, result, options.maxRows ?? Number.POSITIVE_INFINITY, cancelled.check);
    } finally {
      prepared.destroySync();
    }
  } catch (error) {
    const reason = cancelled.reason();
    if (reason) throw reason;
    throw toDuckDbError(error, redactor, 'query');
  } finally {
    cancelled.dispose();
  }
}

/**
 * What a sandboxed query needs from DuckDB itself: no file, URL, extension or environment access (replacement scans
 * of paths, read_* functions, COPY, ATTACH, INSTALL), and a locked configuration so SQL cannot turn it back on.
 */
const sandboxStatements = ['SET enable_external_access = false', 'SET lock_configuration = true'];

type Run = (
  driver: DuckDbModule,
  connection: DuckDBConnection,
  sql: string,
  params: QueryParams | undefined,
  options: RunOptions,
) => Promise<RunOutcome>;

// DuckDB settings are per database instance: once locked, the whole adapter stays locked (by design).
function sandboxLock(run: Run) {
  let lockedDown: Promise<void> | undefined;
  return (driver: DuckDbModule, connection: DuckDBConnection, signal: AbortSignal) => {
    lockedDown ??= (async () => {
      for (const sql of sandboxStatements) await run(driver, connection, sql, undefined, { signal });
    })();
    lockedDown.catch(() => (lockedDown = undefined));
    return lockedDown;
  };
}

interface UserQueryContext {
  run: Run;
  lockDown: ReturnType<typeof sandboxLock>;
  credentials: DuckDbCredentials;
}

/** A caller's query: sandboxed in a transaction rolled back afterwards, planned only on a dry run. */
async function userQuery(
  { run, lockDown, credentials }: UserQueryContext,
  driver: DuckDbModule,
  connection: DuckDBConnection,
  sql: string,
  params: QueryParams | undefined,
  options: ResolvedQueryOptions,
): Promise<QueryResult> {
  const { signal } = options;
  const sandboxed = isSandboxed(options);
  if (sandboxed) {
    await lockDown(driver, connection, signal);
    // Whatever a SELECT still changes (nextval, a macro's side effects) is rolled back with the transaction.
    await run(driver, connection, 'BEGIN TRANSACTION', undefined, { signal });
  }
  try {
    // A plan without running: the option list comes first, so the caller's text cannot add ANALYZE (DuckDB runs
    // the statement even for `(ANALYZE false)`).
    const outcome = await run(driver, connection, options.dryRun ? `EXPLAIN (FORMAT json) ${sql}` : sql, params, {
      signal,
      timeoutMs: options.timeoutMs,
      maxRows: options.maxRows,
      readOnly: options.readOnly === true || sandboxed || credentials.readOnly || options.dryRun === true,
    });
    return capResultBytes(outcome, options);
  } finally {
    // The connection is closed right after; the rollback only makes the intent explicit and the WAL clean.
    if (sandboxed) await run(driver, connection, 'ROLLBACK', undefined, { signal }).catch(() => undefined);
  }
}

/** The statements of one adapter: counted, with the sandbox lock and the server version kept per adapter. */
export function duckDbStatements(credentials: DuckDbCredentials, redactor: Redactor) {
  let count = 0;
  let version: string | undefined;
  const run: Run = (driver, connection, sql, params, options) => {
    count++;
    return runDuckDbQuery(driver, connection, redactor, sql, params, options);
  };
  const context: UserQueryContext = { run, lockDown: sandboxLock(run), credentials };

  /** `version()`, read once per adapter (a fresh read when `fresh`, as a connection test wants). */
  const serverVersion = async (
    driver: DuckDbModule,
    connection: DuckDBConnection,
    signal: AbortSignal | undefined,
    fresh = false,
  ): Promise<string> => {
    if (version === undefined || fresh) {
      const { rows } = await run(
        driver,
        connection,
        'SELECT version() AS version',
        undefined,
        signal ? { signal } : {},
      );
      version = String(rows[0]?.version ?? '');
    }
    return version;
  };

  return {
    run,
    query: (
      driver: DuckDbModule,
      connection: DuckDBConnection,
      sql: string,
      params: QueryParams | undefined,
      options: ResolvedQueryOptions,
    ) => userQuery(context, driver, connection, sql, params, options),
    serverVersion,
    count: () => count,
  };
}
