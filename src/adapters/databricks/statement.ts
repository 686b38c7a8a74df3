import { AbortError, DatataskError, TimeoutError } from '../../core/errors.js';
import type { ConnectionTestResult, QueryColumn, QueryParams, QueryResult } from '../adapter.js';
import { defaultTimeoutMs } from '../adapter.js';
import { versionQuery } from './catalog-queries.js';
import type {
  DatabricksColumnDescriptor,
  DatabricksConnection,
  DatabricksExecuteOptions,
  DatabricksOperation,
  DatabricksParameterValue,
} from './connection.js';

// TTypeId of TCLIService, by value.
const typeNames = [
  'BOOLEAN',
  'TINYINT',
  'SMALLINT',
  'INT',
  'BIGINT',
  'FLOAT',
  'DOUBLE',
  'STRING',
  'TIMESTAMP',
  'BINARY',
  'ARRAY',
  'MAP',
  'STRUCT',
  'UNION',
  'USER_DEFINED',
  'DECIMAL',
  'NULL',
  'DATE',
  'VARCHAR',
  'CHAR',
  'INTERVAL_YEAR_MONTH',
  'INTERVAL_DAY_TIME',
];

function columnOf(descriptor: DatabricksColumnDescriptor): QueryColumn {
  const id = descriptor.typeDesc?.types?.[0]?.primitiveEntry?.type;
  return { name: descriptor.columnName, type: (id !== undefined && typeNames[id]) || 'UNKNOWN' };
}

export interface OperationOptions {
  /** Rows kept at most; one more is read to know whether the result was truncated. */
  maxRows: number;
  /** Rows asked per FetchResults call. */
  pageSize: number;
  timeoutMs?: number;
  signal?: AbortSignal;
  what: string;
  /** Called when closing or cancelling fails (the result is still returned). */
  onCleanupError?: (error: unknown) => void;
}

export interface OperationRows {
  columns: QueryColumn[];
  rows: Record<string, unknown>[];
  truncated: boolean;
}

/**
 * Starts an operation (statement or metadata call), reads at most maxRows + 1 rows page by page, and closes it
 * in every case. When the signal aborts or the timeout passes, the operation is cancelled on the server
 * (CancelOperation) and the call rejects at once.
 */
async function runOperation(
  start: () => Promise<DatabricksOperation>,
  options: OperationOptions,
): Promise<OperationRows> {
  let operation: DatabricksOperation | undefined;
  let cancelled = false;
  const cleanupError = (error: unknown) => options.onCleanupError?.(error);
  const cancel = () => {
    if (!operation || cancelled) return;
    cancelled = true;
    operation.cancel().catch(cleanupError);
  };
  const work = async (stopped: () => boolean): Promise<OperationRows> => {
    operation = await start();
    if (stopped()) {
      cancel();
      return { columns: [], rows: [], truncated: false };
    }
    const limit = options.maxRows + 1;
    const rows: Record<string, unknown>[] = [];
    while (rows.length < limit && !stopped()) {
      const want = Math.min(options.pageSize, limit - rows.length);
      const chunk = (await operation.fetchChunk({ maxRows: want, disableBuffering: true })) as Record<
        string,
        unknown
      >[];
      rows.push(...chunk);
      if (chunk.length === 0 || !(await operation.hasMoreRows())) break;
    }
    const schema = await operation.getSchema();
    return {
      columns: (schema?.columns ?? []).map(columnOf),
      rows: rows.slice(0, options.maxRows),
      truncated: rows.length > options.maxRows,
    };
  };
  try {
    return await withDeadline(work, { ...options, onStop: cancel });
  } finally {
    // A cancelled operation is released by the cancel; otherwise CloseOperation (also stops reading past maxRows).
    const current = operation as DatabricksOperation | undefined;
    if (current && !cancelled) await current.close().catch(cleanupError);
  }
}

/** The error an aborted signal stands for: its reason when typed, ABORTED otherwise. */
function abortReason(signal: AbortSignal): DatataskError {
  const reason: unknown = signal.reason;
  if (reason instanceof DatataskError) return reason;
  return new AbortError(reason instanceof Error ? reason.message : undefined, { cause: reason });
}

/**
 * Runs `work` until it settles, or until the signal aborts or `timeoutMs` passes. Then `onStop` runs (e.g. cancel
 * the statement on the server) and the call rejects at once with ABORTED/TIMEOUT, without waiting for the driver.
 * Timer and listener are removed in every case.
 */
export async function withDeadline<T>(
  work: (stopped: () => boolean) => Promise<T>,
  options: { signal?: AbortSignal; timeoutMs?: number; what: string; onStop?: () => void },
): Promise<T> {
  const { signal, timeoutMs } = options;
  if (signal?.aborted) throw abortReason(signal);
  let stopError: DatataskError | undefined;
  let rejectStop: (error: DatataskError) => void = () => {};
  const stopped = new Promise<never>((_, reject) => {
    rejectStop = reject;
  });
  const stop = (error: DatataskError) => {
    if (stopError) return;
    stopError = error;
    options.onStop?.();
    rejectStop(error);
  };
  const onAbort = () => stop(abortReason(signal as AbortSignal));
  signal?.addEventListener('abort', onAbort, { once: true });
  const timer =
    timeoutMs !== undefined && Number.isFinite(timeoutMs)
      ? setTimeout(() => stop(new TimeoutError(`Databricks: ${options.what} exceeded ${timeoutMs} ms`)), timeoutMs)
      : undefined;
  const running = work(() => stopError !== undefined);
  // The driver keeps polling a cancelled statement for a moment; its late failure is expected, not unhandled.
  running.catch(() => {});
  try {
    return await Promise.race([running, stopped]);
  } catch (error) {
    throw stopError ?? error;
  } finally {
    if (timer) clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}

function toParameterValue(value: unknown): DatabricksParameterValue {
  if (value === null || value === undefined) return null;
  if (
    typeof value === 'boolean' ||
    typeof value === 'number' ||
    typeof value === 'bigint' ||
    typeof value === 'string' ||
    value instanceof Date
  ) {
    return value;
  }
  if (Buffer.isBuffer(value)) return value.toString('base64');
  // Arrays and objects travel as JSON text (Databricks parameters are scalars).
  return JSON.stringify(value);
}

/**
 * Binds with the driver's own parameter support: an array as ordinal parameters (`?` markers), an object as named
 * parameters (`:name` markers). The server binds them, values never enter the SQL text.
 */
function bindParameters(
  params: QueryParams | undefined,
): Pick<DatabricksExecuteOptions, 'namedParameters' | 'ordinalParameters'> {
  if (params === undefined) return {};
  if (Array.isArray(params)) {
    return params.length > 0 ? { ordinalParameters: params.map(toParameterValue) } : {};
  }
  const entries = Object.entries(params as Record<string, unknown>);
  if (entries.length === 0) return {};
  return { namedParameters: Object.fromEntries(entries.map(([name, value]) => [name, toParameterValue(value)])) };
}

const pageSize = 10_000;

/** Runs one counted operation on `connection` (see runOperation); cleanup failures are logged by the connection. */
export function runCounted(
  connection: DatabricksConnection,
  begin: () => Promise<DatabricksOperation>,
  options: Omit<OperationOptions, 'onCleanupError'>,
): Promise<OperationRows> {
  return runOperation(() => connection.start(begin), { ...options, onCleanupError: connection.onCleanupError });
}

/** One `SELECT version()` in its own session. */
export function testConnection(connection: DatabricksConnection, signal: AbortSignal): Promise<ConnectionTestResult> {
  const started = performance.now();
  return connection.withSession(signal, async (session) => {
    const result = await runCounted(connection, () => session.executeStatement(versionQuery, { maxRows: 1 }), {
      maxRows: 1,
      pageSize: 1,
      timeoutMs: defaultTimeoutMs,
      signal,
      what: 'the connection test',
    });
    const version = result.rows[0]?.version;
    return {
      ok: true,
      latencyMs: Math.round(performance.now() - started),
      serverVersion: String(version ?? 'unknown'),
    };
  });
}

/** One statement in its own session: bound parameters, at most maxRows rows, queryTimeout sent, cancel on stop. */
export function runQuery(
  connection: DatabricksConnection,
  sql: string,
  params: QueryParams | undefined,
  options: { signal: AbortSignal; maxRows: number; timeoutMs: number },
): Promise<QueryResult> {
  const { signal, maxRows, timeoutMs } = options;
  const page = Math.max(1, Math.min(pageSize, maxRows + 1));
  return connection.withSession(signal, (session) =>
    runCounted(
      connection,
      () =>
        session.executeStatement(sql, {
          ...bindParameters(params),
          maxRows: page,
          queryTimeout: Math.max(1, Math.ceil(timeoutMs / 1000)),
        }),
      { maxRows, pageSize: page, timeoutMs, signal, what: 'the statement' },
    ),
  );
}
