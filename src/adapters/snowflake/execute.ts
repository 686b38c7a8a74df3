/** Runs one statement: streamed rows up to a cap, and a timeout or abort that cancels it on the server. */
import type { Readable } from 'node:stream';
import { AbortError, DatataskError, ErrorCode, throwIfAborted } from '../../core/errors.js';
import type { Redactor } from '../../core/redact.js';
import type { QueryColumn } from '../adapter.js';
import type { SnowflakeBind, SnowflakeColumn, SnowflakeConnection, SnowflakeStatement } from './driver-types.js';
import { type ErrorPhase, mapSnowflakeError } from './errors.js';

export interface ExecuteOptions {
  sqlText: string;
  binds?: readonly SnowflakeBind[] | undefined;
  maxRows: number;
  timeoutMs: number;
  signal?: AbortSignal | undefined;
  describeOnly?: boolean;
  phase: ErrorPhase;
  redactor: Redactor;
}

export interface ExecuteResult {
  columns: QueryColumn[];
  rows: Record<string, unknown>[];
  truncated: boolean;
}

/** How long to wait for the server to acknowledge a cancel before giving up on it. */
const cancelAckMs = 5000;

/** Snowflake's name for a result column's type, e.g. NUMBER(38,0), VARCHAR, TIMESTAMP_NTZ. */
function typeName(column: SnowflakeColumn): string {
  const type = column.getType().toUpperCase();
  if (type === 'FIXED') return `NUMBER(${column.getPrecision() ?? 38},${column.getScale() ?? 0})`;
  if (type === 'REAL') return 'FLOAT';
  if (type === 'TEXT') return 'VARCHAR';
  return type;
}

function cancelStatement(statement: SnowflakeStatement | undefined): Promise<void> {
  if (!statement) return Promise.resolve();
  return new Promise((resolve) => {
    const guard = setTimeout(resolve, cancelAckMs);
    try {
      statement.cancel(() => {
        clearTimeout(guard);
        resolve();
      });
    } catch {
      clearTimeout(guard);
      resolve();
    }
  });
}

export function executeStatement(connection: SnowflakeConnection, options: ExecuteOptions): Promise<ExecuteResult> {
  throwIfAborted(options.signal);
  const { signal, redactor } = options;
  // Server-side backstop, a second later than the client timer that cancels the statement precisely.
  const serverTimeout = Math.ceil(options.timeoutMs / 1000) + 1;
  return new Promise<ExecuteResult>((resolve, reject) => {
    let statement: SnowflakeStatement | undefined;
    let stream: Readable | undefined;
    let settled = false;
    /** Set once a timeout or abort started cancelling: the statement's own late error is then ignored. */
    let stopping = false;
    let timer: NodeJS.Timeout | undefined;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      outcome();
    };
    const stop = (error: DatataskError) => {
      if (settled || stopping) return;
      stopping = true;
      const streaming = stream !== undefined;
      stream?.destroy();
      // Once rows stream the statement has ended on the server: only a running one needs a cancel.
      const cancelled = streaming ? Promise.resolve() : cancelStatement(statement);
      cancelled.then(() => finish(() => reject(error)));
    };
    function onAbort() {
      const reason: unknown = signal?.reason;
      stop(reason instanceof DatataskError ? reason : new AbortError('Snowflake statement aborted', { cause: reason }));
    }
    signal?.addEventListener('abort', onAbort, { once: true });
    timer = setTimeout(() => {
      stop(new DatataskError(ErrorCode.TIMEOUT, `Snowflake statement timed out after ${options.timeoutMs} ms`));
    }, options.timeoutMs);

    const complete = (error: unknown, done: SnowflakeStatement) => {
      if (settled || stopping) return;
      if (error) return finish(() => reject(mapSnowflakeError(error, options.phase, redactor)));
      const columns = (done.getColumns() ?? []).map((c) => ({ name: c.getName(), type: typeName(c) }));
      const total = done.getNumRows() ?? 0;
      const wanted = Math.min(total, options.maxRows);
      if (wanted === 0) return finish(() => resolve({ columns, rows: [], truncated: total > options.maxRows }));
      const rows: Record<string, unknown>[] = [];
      // Only the rows wanted are fetched: chunks past `end` are never downloaded.
      stream = done.streamRows({ start: 0, end: wanted - 1 });
      stream.on('data', (row: Record<string, unknown>) => rows.push(row));
      stream.on('error', (streamError) =>
        finish(() => reject(mapSnowflakeError(streamError, options.phase, redactor))),
      );
      stream.on('end', () => finish(() => resolve({ columns, rows, truncated: total > options.maxRows })));
    };
    try {
      statement = connection.execute({
        sqlText: options.sqlText,
        ...(options.binds ? { binds: options.binds } : {}),
        ...(options.describeOnly ? { describeOnly: true } : {}),
        streamResult: true,
        parameters: { STATEMENT_TIMEOUT_IN_SECONDS: serverTimeout },
        complete,
      });
    } catch (error) {
      finish(() => reject(mapSnowflakeError(error, options.phase, redactor)));
    }
  });
}
