import type PG from 'pg';
import type { FieldDef } from 'pg';
import { DatataskError, ErrorCode, TimeoutError } from '../../core/errors.js';
import type { QueryOptions, QueryParams, QueryResult } from '../adapter.js';
import { defaultMaxRows, defaultTimeoutMs } from '../adapter.js';
import { capResultBytes, isSandboxed, sandboxRole } from '../result-caps.js';
import type { PgConnectionPool, PgSession, RunOptions } from './connection.js';

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

export type PgDriver = typeof PG;

/** The package giving the row cap (lazily imported, like pg). */
export const pgCursorPackage = 'pg-cursor';

type Row = Record<string, unknown>;

/** The public API of pg-cursor's Cursor that the row cap uses (see the pg-cursor README). */
export interface PgCursor extends PG.Submittable {
  read(rows: number, callback: (error: Error | undefined, rows: Row[], result: { fields: FieldDef[] }) => void): void;
  close(callback: (error?: Error) => void): void;
}
export type PgCursorClass = new (text: string, values?: unknown[], config?: object) => PgCursor;

/** The write side pg hands a running query's COPY handlers (the protocol writer behind every Submittable). */
interface CopyConnection {
  sendCopyFail(message: string): void;
}

/**
 * pg routes COPY messages to the running query, and pg-cursor's Cursor has no handlers for them: a COPY through it
 * would throw inside pg's socket handler and crash the process. These answer as pg's own Query does.
 */
export function withCopyHandlers(Cursor: PgCursorClass): PgCursorClass {
  return class CappedCursor extends Cursor {
    /** COPY FROM STDIN has no data source here: CopyFail makes the server fail the statement. */
    handleCopyInResponse(connection: CopyConnection): void {
      connection.sendCopyFail('COPY FROM STDIN is not supported: no data source');
    }
    /** COPY TO STDOUT sends data, not rows: dropped, and the command completes with no rows. */
    handleCopyData(): void {}
  };
}

export interface CappedResult {
  fields: FieldDef[];
  rows: Row[];
  truncated: boolean;
}

/** One read of up to `rows` rows. pg-cursor may call back twice after an error (error, then an empty read): once counts. */
function readOnce(cursor: PgCursor, rows: number): Promise<{ rows: Row[]; fields: FieldDef[] }> {
  return new Promise((resolve, reject) => {
    let answered = false;
    cursor.read(rows, (error, read, result) => {
      if (answered) return;
      answered = true;
      if (error) reject(error);
      else resolve({ rows: read, fields: result.fields });
    });
  });
}

/**
 * Rejects when the client's connection ends: a cursor whose connection is cut after its last read never hears back
 * from close() (pg tells only the running query, and a closed cursor ignores it).
 */
function whenEnded(client: PG.ClientBase): { ended: Promise<never>; stop: () => void } {
  let onEnd: () => void = () => undefined;
  const ended = new Promise<never>((_, reject) => {
    onEnd = () => reject(new Error('Connection terminated unexpectedly'));
    client.once('end', onEnd);
  });
  return { ended, stop: () => client.off('end', onEnd) };
}

/**
 * Runs one statement through pg-cursor's named portal and reads it once with a row limit of maxRows + 1: the server
 * sends at most that many rows and suspends the portal, and close() ends it (Close + Sync) instead of asking for more.
 * So a capped query never makes the server produce the whole result (unlike fetching everything and slicing). Works
 * for any statement, not only SELECT (DECLARE CURSOR would reject EXPLAIN, SHOW ...).
 */
export async function runCappedQuery(
  Cursor: PgCursorClass,
  client: PG.ClientBase,
  sql: string,
  params: unknown[] | undefined,
  maxRows: number,
): Promise<CappedResult> {
  const { ended, stop } = whenEnded(client);
  try {
    const cursor = client.query(new Cursor(sql, params ?? []));
    // Read at once: a cursor that is not reading when a parse error arrives reports it to nobody.
    const read = readOnce(cursor, maxRows + 1);
    const { rows, fields } = await Promise.race([read, ended]);
    // A completed statement's cursor is already closed (close() then only waits a tick); a suspended one is ended now.
    await Promise.race([
      new Promise<void>((resolve, reject) => cursor.close((e) => (e ? reject(e) : resolve()))),
      ended,
    ]);
    return { fields, rows: rows.slice(0, maxRows), truncated: rows.length > maxRows };
  } finally {
    stop();
  }
}

/**
 * Runs one statement and maps each row as it arrives. With a 'row' listener pg keeps no rows, so the raw rows of a
 * big read die young instead of all living until the last one is mapped. A throwing `map` ignores the rest of the
 * rows and fails the statement when it ends. pg may report an error and then the end: the first settles. A row
 * mapped to undefined is left out (a map that files each row elsewhere collects nothing).
 */
export function runMappedQuery<T>(
  Query: PgDriver['Query'],
  client: PG.ClientBase,
  sql: string,
  params: unknown[] | undefined,
  map: (row: Row) => T | undefined,
): Promise<T[]> {
  return new Promise((resolve, reject) => {
    const mapped: T[] = [];
    let failure: { error: unknown } | undefined;
    let settled = false;
    const query = new Query<Row>(sql, params ?? []);
    query.on('row', (row: Row) => {
      if (failure) return;
      try {
        const item = map(row);
        if (item !== undefined) mapped.push(item);
      } catch (error) {
        failure = { error };
      }
    });
    query.on('error', (error: Error) => {
      if (settled) return;
      settled = true;
      reject(error);
    });
    query.on('end', () => {
      if (settled) return;
      settled = true;
      if (failure) reject(failure.error);
      else resolve(mapped);
    });
    client.query(query);
  });
}

/** Names of the built-in PostgreSQL type OIDs a result column commonly has (pg reports only the OID). */
const builtInTypes: Record<number, string> = {
  16: 'boolean',
  17: 'bytea',
  18: 'char',
  19: 'name',
  20: 'bigint',
  21: 'smallint',
  23: 'integer',
  25: 'text',
  26: 'oid',
  114: 'json',
  142: 'xml',
  700: 'real',
  701: 'double precision',
  790: 'money',
  1000: 'boolean[]',
  1005: 'smallint[]',
  1007: 'integer[]',
  1009: 'text[]',
  1016: 'bigint[]',
  1042: 'character',
  1043: 'character varying',
  1082: 'date',
  1083: 'time without time zone',
  1114: 'timestamp without time zone',
  1184: 'timestamp with time zone',
  1186: 'interval',
  1266: 'time with time zone',
  1700: 'numeric',
  2249: 'record',
  2950: 'uuid',
  3802: 'jsonb',
};

/** The type name of a result column's OID, or "oid:<n>" for types outside the built-in set. */
export function pgTypeName(oid: number): string {
  return builtInTypes[oid] ?? `oid:${oid}`;
}
