import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { AbortError, DatataskError, ErrorCode, TimeoutError } from '../../core/errors.js';
import type { Redactor } from '../../core/redact.js';
import type { QueryColumn, QueryParams } from '../adapter.js';
import { toDuckDbError } from './errors.js';

export type DuckDbDriver = typeof import('@duckdb/node-api');

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

/**
 * Prepares one statement, binds `$1` / `?` / `$name` parameters natively, and streams result chunks until
 * `maxRows` + 1 rows are seen. A timeout or an abort interrupts the connection's running statement.
 */
export async function runDuckDbQuery(
  driver: DuckDbDriver,
  connection: DuckDBConnection,
  redactor: Redactor,
  sql: string,
  params: QueryParams | undefined,
  options: RunOptions = {},
): Promise<RunOutcome> {
  const maxRows = options.maxRows ?? Number.POSITIVE_INFINITY;
  let cancelReason: DatataskError | undefined;
  const cancel = (reason: DatataskError) => {
    cancelReason ??= reason;
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
  const checkCancelled = () => {
    if (cancelReason) throw cancelReason;
  };

  try {
    if (options.signal?.aborted) throw abortReason(options.signal);
    const prepared = await connection.prepare(sql);
    try {
      checkCancelled();
      const type = prepared.statementType;
      if (options.readOnly && type !== driver.StatementType.SELECT && type !== driver.StatementType.EXPLAIN) {
        throw new DatataskError(
          ErrorCode.READ_ONLY_VIOLATION,
          'DuckDB: only SELECT and EXPLAIN run in a read-only query',
        );
      }
      if (params !== undefined) prepared.bind(params as DuckDBValue[] | Record<string, DuckDBValue>);
      const result = await prepared.stream();
      checkCancelled();
      const names = result.deduplicatedColumnNames();
      const columns = names.map((name, index) => ({ name, type: result.columnType(index).toString() }));
      const rows: Record<string, unknown>[] = [];
      let truncated = false;
      while (!truncated) {
        const chunk = await result.fetchChunk();
        checkCancelled();
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
    } finally {
      prepared.destroySync();
    }
  } catch (error) {
    if (cancelReason) throw cancelReason;
    throw toDuckDbError(error, redactor, 'query');
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
  }
}
