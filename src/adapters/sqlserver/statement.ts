/**
 * Runs one statement through mssql in stream mode: rows are kept up to a cap, then the request is cancelled (TDS
 * attention), as it is on timeout and abort, so the server stops working on it.
 */
import { TimeoutError } from '../../core/errors.js';
import type { QueryColumn, QueryParams } from '../adapter.js';
import type { MssqlColumnMetadata, MssqlRequest, SqlServerConnections } from './connection.js';
import { abortReason, toSqlServerError } from './errors.js';

export interface StatementOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Rows kept; one more is read to know whether the result was truncated. */
  maxRows?: number;
}

export interface StatementResult {
  columns: QueryColumn[];
  rows: Record<string, unknown>[];
  truncated: boolean;
}

/** Positional values become @p1..@pn inputs, named ones @name: the driver binds them (sp_executesql). */
export function bindParams(request: MssqlRequest, params: QueryParams | undefined): void {
  if (!params) return;
  const entries: Array<[string, unknown]> = Array.isArray(params)
    ? params.map((value, index) => [`p${index + 1}`, value])
    : Object.entries(params);
  for (const [name, value] of entries) request.input(name.replace(/^@/, ''), toDriverValue(value));
}

function toDriverValue(value: unknown): unknown {
  if (value === undefined) return null;
  if (value === null || value instanceof Date || Buffer.isBuffer(value)) return value;
  if (typeof value === 'object') return JSON.stringify(value);
  return value;
}

type StopReason = 'cap' | 'abort' | 'timeout';

interface Collected {
  columns: QueryColumn[] | undefined;
  rows: Record<string, unknown>[];
  errors: unknown[];
  truncated: boolean;
}

/** Keeps the first result set's columns and up to `maxRows` rows; one more row calls `onCap`. */
function collect(request: MssqlRequest, maxRows: number, stopped: () => boolean, onCap: () => void): Collected {
  const out: Collected = { columns: undefined, rows: [], errors: [], truncated: false };
  let recordset = -1;
  // Only the first result set is returned; the rest of a multi-statement batch still runs to its end.
  request.on('recordset', (metadata: Record<string, MssqlColumnMetadata>) => {
    recordset++;
    if (recordset !== 0) return;
    out.columns = Object.values(metadata)
      .sort((a, b) => a.index - b.index)
      .map((column) => ({ name: column.name, type: column.type?.declaration ?? 'unknown' }));
  });
  request.on('row', (row: Record<string, unknown>) => {
    if (recordset !== 0 || stopped()) return;
    if (out.rows.length < maxRows) out.rows.push(row);
    else {
      out.truncated = true;
      onCap();
    }
  });
  request.on('error', (error: unknown) => out.errors.push(error));
  return out;
}

export async function runStatement(
  connections: SqlServerConnections,
  sql: string,
  params: QueryParams | undefined,
  options: StatementOptions = {},
): Promise<StatementResult> {
  const { signal, timeoutMs, maxRows = Number.POSITIVE_INFINITY } = options;
  const pool = await connections.pool(signal);
  if (signal?.aborted) throw abortReason(signal);
  const request = new connections.driver.Request(pool, timeoutMs ? { requestTimeout: timeoutMs } : {});
  request.stream = true;
  bindParams(request, params);

  let stopped: StopReason | undefined;
  const stop = (reason: StopReason) => {
    if (stopped) return;
    stopped = reason;
    request.cancel();
  };
  const collected = collect(
    request,
    maxRows,
    () => stopped !== undefined,
    () => stop('cap'),
  );

  const onAbort = () => stop('abort');
  signal?.addEventListener('abort', onAbort, { once: true });
  // Backstop for the driver's requestTimeout, which only covers the wait for the first packet.
  const timer = timeoutMs ? setTimeout(() => stop('timeout'), timeoutMs) : undefined;
  connections.statementCount++;
  try {
    await request.query(sql);
  } finally {
    if (timer) clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
  if (stopped === 'abort' && signal) throw abortReason(signal);
  if (stopped === 'timeout') {
    throw new TimeoutError(`SQL Server: the statement did not finish within ${timeoutMs} ms and was cancelled`, {
      details: { timeoutMs },
    });
  }
  const failures = collected.errors.filter(
    (error) => !(stopped === 'cap' && (error as { code?: string }).code === 'ECANCEL'),
  );
  if (failures.length > 0) throw toSqlServerError(failures[0], connections.redactor, 'query');
  return { columns: collected.columns ?? [], rows: collected.rows, truncated: collected.truncated };
}
