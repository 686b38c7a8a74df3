import { DatataskError, ErrorCode, TimeoutError } from '../../core/errors.js';
import type { QueryOptions, QueryParams, QueryResult } from '../adapter.js';
import { defaultMaxRows, defaultTimeoutMs } from '../adapter.js';
import type { PgConnectionPool } from './pg-session.js';
import { pgTypeName } from './pg-type-names.js';

/** Grace after the server-side statement_timeout before the client cancels on its own. */
const clientBackstopMs = 1_000;

function positional(engine: string, params: QueryParams | undefined): unknown[] {
  if (params === undefined) return [];
  if (Array.isArray(params)) return [...params];
  throw new DatataskError(
    ErrorCode.INVALID_INPUT,
    `${engine} binds positional parameters ($1, $2, ...): pass the values as an array`,
    { retriable: false },
  );
}

/**
 * Runs a caller's statement: in a transaction (READ ONLY when asked) with SET LOCAL statement_timeout so the server
 * cancels it, a client backstop that cancels it on the server too, the AbortSignal wired to pg_cancel_backend, and
 * the row cap applied by the portal (at most maxRows + 1 rows cross the wire).
 */
export async function runPgQuery(
  pool: PgConnectionPool,
  engine: string,
  sql: string,
  params: QueryParams | undefined,
  options: QueryOptions = {},
): Promise<QueryResult> {
  const values = positional(engine, params);
  const maxRows = Math.max(0, Math.floor(options.maxRows ?? defaultMaxRows));
  const timeoutMs = Math.max(1, Math.ceil(options.timeoutMs ?? defaultTimeoutMs));
  const controller = new AbortController();
  const forward = () => controller.abort(options.signal?.reason);
  if (options.signal?.aborted) forward();
  options.signal?.addEventListener('abort', forward, { once: true });
  const backstop = setTimeout(
    () => controller.abort(new TimeoutError(`${engine} query timed out after ${timeoutMs} ms`)),
    timeoutMs + clientBackstopMs,
  );
  const signal = controller.signal;
  try {
    return await pool.withSession('query', signal, async (session) => {
      await session.run(options.readOnly ? 'BEGIN READ ONLY' : 'BEGIN', undefined, { signal });
      await session.run(`SET LOCAL statement_timeout = ${timeoutMs}`, undefined, { signal });
      const result = await session.runCapped(sql, values, maxRows, { signal });
      await session.run('COMMIT', undefined, { signal });
      return {
        columns: result.fields.map((field) => ({ name: field.name, type: pgTypeName(field.dataTypeID) })),
        rows: result.rows,
        truncated: result.truncated,
      };
    });
  } finally {
    clearTimeout(backstop);
    options.signal?.removeEventListener('abort', forward);
  }
}
