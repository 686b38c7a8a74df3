import { DatataskError, ErrorCode, TimeoutError } from '../../core/errors.js';
import type { QueryOptions, QueryParams, QueryResult } from '../adapter.js';
import { defaultMaxRows, defaultTimeoutMs } from '../adapter.js';
import { capResultBytes, isSandboxed, sandboxRole } from '../result-caps.js';
import type { PgConnectionPool, PgSession, RunOptions } from './pg-session.js';
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

const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/**
 * Settings of a sandboxed statement, sent in one round trip inside its READ ONLY transaction: names resolve in
 * pg_catalog only (so unqualified functions are the built-ins and unqualified tables fail), strings are read the way
 * the guard parsed them, lock and idle waits end, and the configured read-only role is taken.
 */
function sandboxSettings(timeoutMs: number, role: string | undefined): string {
  return [
    'SET LOCAL search_path = pg_catalog',
    'SET LOCAL standard_conforming_strings = on',
    `SET LOCAL lock_timeout = ${Math.min(timeoutMs, 5_000)}`,
    `SET LOCAL idle_in_transaction_session_timeout = ${timeoutMs + 5_000}`,
    ...(role ? [`SET LOCAL ROLE ${quoteIdent(role)}`] : []),
  ].join('; ');
}

/** Ends a sandboxed statement: nothing it did is kept, and DISCARD ALL drops session state (locks, settings, plans). */
async function endSandboxed(session: PgSession, options: RunOptions): Promise<void> {
  await session.run('ROLLBACK', undefined, options);
  await session.run('DISCARD ALL', undefined, options);
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
      const sandboxed = isSandboxed(options);
      // One round trip: BEGIN and the SET LOCALs travel as one simple-protocol string, run in order by the server.
      const begin = options.readOnly || sandboxed ? 'BEGIN READ ONLY' : 'BEGIN';
      const sandbox = sandboxed ? `; ${sandboxSettings(timeoutMs, sandboxRole(options))}` : '';
      await session.run(`${begin}; SET LOCAL statement_timeout = ${timeoutMs}${sandbox}`, undefined, { signal });
      const result = await session.runCapped(sql, values, maxRows, { signal });
      if (sandboxed) await endSandboxed(session, { signal });
      else await session.run('COMMIT', undefined, { signal });
      return capResultBytes(
        {
          columns: result.fields.map((field) => ({ name: field.name, type: pgTypeName(field.dataTypeID) })),
          rows: result.rows,
          truncated: result.truncated,
        },
        options,
      );
    });
  } finally {
    clearTimeout(backstop);
    options.signal?.removeEventListener('abort', forward);
  }
}
