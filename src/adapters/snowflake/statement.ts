/**
 * Runs one statement: QueryParams to snowflake-sdk binds (positional as they are, named `:name` rewritten to `:N`),
 * streamed rows up to a cap, and a timeout or abort that cancels it on the server.
 */
import type { Readable } from 'node:stream';
import { AbortError, DatataskError, ErrorCode, throwIfAborted } from '../../core/errors.js';
import type { Redactor } from '../../core/redact.js';
import type { QueryColumn, QueryParams } from '../adapter.js';
import type { SnowflakeBind, SnowflakeColumn, SnowflakeConnection, SnowflakeStatement } from './connection.js';
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

/** Catalog statements may take longer than user queries on large accounts. */
const catalogTimeoutMs = 120_000;

type StatementSettings = Partial<ExecuteOptions> & Pick<ExecuteOptions, 'phase'>;
type RunStatement = (
  connection: SnowflakeConnection,
  sqlText: string,
  settings: StatementSettings,
) => Promise<ExecuteResult>;

/**
 * executeStatement with the adapter's redactor, and for its own statements (checks, catalog reads) no row cap and
 * the catalog timeout; `sent()` counts every statement run.
 */
export function statementRunner(redactor: Redactor): { run: RunStatement; sent: () => number } {
  let sent = 0;
  const run: RunStatement = (connection, sqlText, settings) => {
    sent++;
    return executeStatement(connection, {
      sqlText,
      maxRows: Number.MAX_SAFE_INTEGER,
      timeoutMs: catalogTimeoutMs,
      redactor,
      ...settings,
    });
  };
  return { run, sent: () => sent };
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

/**
 * Reads a finished statement: its columns, then its first `maxRows` rows streamed (only the chunks holding them are
 * downloaded). Returns the stream, which a timeout or abort destroys, or nothing when there are no rows to read.
 */
function streamResult(
  done: SnowflakeStatement,
  maxRows: number,
  settle: (error: unknown, result?: ExecuteResult) => void,
): Readable | undefined {
  const columns = (done.getColumns() ?? []).map((c) => ({ name: c.getName(), type: typeName(c) }));
  const total = done.getNumRows() ?? 0;
  const wanted = Math.min(total, maxRows);
  const truncated = total > maxRows;
  if (wanted === 0) {
    settle(undefined, { columns, rows: [], truncated });
    return undefined;
  }
  const rows: Record<string, unknown>[] = [];
  const stream = done.streamRows({ start: 0, end: wanted - 1 });
  stream.on('data', (row: Record<string, unknown>) => rows.push(row));
  stream.on('error', (streamError) => settle(streamError));
  stream.on('end', () => settle(undefined, { columns, rows, truncated }));
  return stream;
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

    const settle = (error: unknown, result?: ExecuteResult) =>
      finish(() => (error ? reject(mapSnowflakeError(error, options.phase, redactor)) : resolve(result!)));
    const complete = (error: unknown, done: SnowflakeStatement) => {
      if (settled || stopping) return;
      if (error) return settle(error);
      stream = streamResult(done, options.maxRows, settle);
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

/** The driver binds strings, numbers, booleans and null: other values are sent in Snowflake's text forms. */
export function toBind(value: unknown): SnowflakeBind {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('hex');
  return JSON.stringify(value);
}

/**
 * Replaces `:name` placeholders outside strings, quoted identifiers, comments and `::` casts with `:N`. Snowflake
 * binds only by position, so a name used twice maps to the same position.
 */
export function rewriteNamedParams(sql: string, params: Readonly<Record<string, unknown>>) {
  const order: string[] = [];
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const rest = sql.slice(i);
    const skipped =
      /^'(?:[^'\\]|\\.|'')*'/.exec(rest) ??
      /^"(?:[^"]|"")*"/.exec(rest) ??
      /^\$\$[\s\S]*?\$\$/.exec(rest) ??
      /^--[^\n]*/.exec(rest) ??
      /^\/\*[\s\S]*?\*\//.exec(rest) ??
      /^::/.exec(rest);
    if (skipped) {
      out += skipped[0];
      i += skipped[0].length;
      continue;
    }
    const named = /^:([A-Za-z_][A-Za-z0-9_]*)/.exec(rest);
    if (named) {
      const name = named[1]!;
      if (!Object.hasOwn(params, name)) {
        throw new DatataskError(ErrorCode.INVALID_INPUT, `No value given for the named parameter :${name}`);
      }
      let position = order.indexOf(name);
      if (position < 0) position = order.push(name) - 1;
      out += `:${position + 1}`;
      i += named[0].length;
      continue;
    }
    out += sql[i];
    i++;
  }
  return { sqlText: out, binds: order.map((name) => toBind(params[name])) };
}

export function toStatement(sql: string, params: QueryParams | undefined) {
  if (params === undefined) return { sqlText: sql, binds: undefined };
  if (Array.isArray(params)) return { sqlText: sql, binds: (params as unknown[]).map(toBind) };
  return rewriteNamedParams(sql, params as Readonly<Record<string, unknown>>);
}
