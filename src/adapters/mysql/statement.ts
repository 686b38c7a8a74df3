import type { QueryOptions as DriverQueryOptions, FieldPacket } from 'mysql2';
import { type DatataskError, TimeoutError } from '../../core/errors.js';
import type { Redactor } from '../../core/redact.js';
import type { QueryColumn, QueryOptions, QueryParams, QueryResult } from '../adapter.js';
import { defaultMaxRows, defaultTimeoutMs } from '../adapter.js';
import { capResultBytes, isSandboxed } from '../result-caps.js';
import { abortReason, type Lease, type MysqlConnection, type MysqlConnections } from './connection.js';
import { toMysqlError } from './errors.js';

export interface StatementOptions {
  signal?: AbortSignal;
  /** Client-side timer that cancels the statement on the server (KILL QUERY) when it fires. */
  timeoutMs?: number;
  /** Rows kept at most; one more is read to know whether the result was truncated. */
  maxRows?: number;
  /** Takes each row as it arrives instead of keeping it (the outcome's rows stay empty). */
  onRow?: (row: Record<string, unknown>) => void;
}

export interface StatementOutcome {
  fields: FieldPacket[];
  rows: Record<string, unknown>[];
  truncated: boolean;
}

/**
 * Sends one statement with the driver's own `?` / `:name` binding and reads its rows as the driver emits them, at
 * most `maxRows` (one more tells that the result was truncated; then the socket is paused, and the caller kills the
 * statement and drops the connection). Events, not the driver's stream: an async iterator costs a promise per row.
 */
function streamRows(
  connection: MysqlConnection,
  sql: string,
  params: QueryParams | undefined,
  maxRows: number,
  onRow: ((row: Record<string, unknown>) => void) | undefined,
): Promise<StatementOutcome> {
  return new Promise((resolve, reject) => {
    const rows: Record<string, unknown>[] = [];
    let fields: FieldPacket[] = [];
    let truncated = false;
    let settled = false;
    const finish = (error?: unknown) => {
      if (settled) return;
      settled = true;
      connection.off('error', lostConnection);
      connection.off('end', lostConnection);
      if (error) reject(error);
      else resolve({ fields, rows, truncated });
    };
    // mysql2 tells a callback-less command nothing when the socket dies mid-result (the error goes to the
    // connection only), so the statement would wait forever: end it with the connection's error.
    const lostConnection = (error?: Error) =>
      finish(
        error ??
          Object.assign(new Error('Connection lost: the server closed the connection'), {
            code: 'PROTOCOL_CONNECTION_LOST',
          }),
      );
    connection.on('error', lostConnection);
    connection.on('end', lostConnection);
    const named = params !== undefined && !Array.isArray(params);
    const command = connection.query({
      sql,
      // The driver binds `?` and `:name` itself; it does not modify the values.
      ...(params !== undefined ? { values: params as DriverQueryOptions['values'] } : {}),
      ...(named ? { namedPlaceholders: true } : {}),
    });
    command.on('error', (error: Error) => finish(error));
    command.on('fields', (received: FieldPacket[] | undefined) => {
      fields = received ?? [];
    });
    let count = 0;
    command.on('result', (row: unknown) => {
      // A statement without a result set (UPDATE, SET ...) sends its OK packet here, not a row.
      if (settled || fields.length === 0) return;
      if (count >= maxRows) {
        truncated = true;
        connection.pause();
        finish();
        return;
      }
      count++;
      if (!onRow) rows.push(row as Record<string, unknown>);
      else {
        try {
          onRow(row as Record<string, unknown>);
        } catch (error) {
          // The rest of the result is still read (and dropped), so the connection stays usable.
          finish(error);
        }
      }
    });
    command.on('end', () => finish());
  });
}

/**
 * Runs one statement (see `streamRows`). A timeout or an abort kills the statement on the server from a second
 * connection; so does stopping at `maxRows`, as the server may still be producing rows nobody will read. Each
 * leaves the session in an unknown state, so the connection is then destroyed rather than reused.
 */
export async function runStatement(
  connections: MysqlConnections,
  lease: Lease,
  redactor: Redactor,
  sql: string,
  params: QueryParams | undefined,
  options: StatementOptions = {},
): Promise<StatementOutcome> {
  const { connection } = lease;
  let cancelReason: DatataskError | undefined;
  let kill: Promise<void> | undefined;
  const stopOnServer = () => {
    lease.markBroken();
    kill ??= connections.killQuery(connection.threadId);
  };
  const cancel = (reason: DatataskError) => {
    if (cancelReason) return;
    cancelReason = reason;
    stopOnServer();
    // Once KILL QUERY was sent (or could not be), stop waiting for the server: closing the socket ends the stream.
    void kill?.finally(() => connection.destroy());
  };
  const timer =
    options.timeoutMs !== undefined
      ? setTimeout(
          () => cancel(new TimeoutError(`MySQL: the query ran longer than ${options.timeoutMs} ms and was cancelled`)),
          options.timeoutMs,
        )
      : undefined;
  const onAbort = () => cancel(abortReason(options.signal!));
  options.signal?.addEventListener('abort', onAbort, { once: true });
  let outcome: StatementOutcome;
  try {
    if (options.signal?.aborted) throw abortReason(options.signal);
    connections.statementCount++;
    outcome = await streamRows(connection, sql, params, options.maxRows ?? Number.POSITIVE_INFINITY, options.onRow);
    if (outcome.truncated) stopOnServer();
  } catch (error) {
    if (cancelReason) throw cancelReason;
    throw toMysqlError(error, redactor, 'query');
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
    if (kill) await kill;
  }
  if (cancelReason) throw cancelReason;
  return outcome;
}

/** Protocol type numbers (mysql2's `Types`) to SQL type names. */
const protocolTypeNames: Record<number, string> = {
  0: 'DECIMAL',
  1: 'TINYINT',
  2: 'SMALLINT',
  3: 'INT',
  4: 'FLOAT',
  5: 'DOUBLE',
  6: 'NULL',
  7: 'TIMESTAMP',
  8: 'BIGINT',
  9: 'MEDIUMINT',
  10: 'DATE',
  11: 'TIME',
  12: 'DATETIME',
  13: 'YEAR',
  14: 'DATE',
  15: 'VARCHAR',
  16: 'BIT',
  245: 'JSON',
  246: 'DECIMAL',
  247: 'ENUM',
  248: 'SET',
  249: 'TINYBLOB',
  250: 'MEDIUMBLOB',
  251: 'LONGBLOB',
  252: 'BLOB',
  253: 'VARCHAR',
  254: 'CHAR',
  255: 'GEOMETRY',
};
const binaryCharset = 63;

function columnType(field: FieldPacket): string {
  const name = protocolTypeNames[field.columnType ?? field.type ?? -1] ?? 'UNKNOWN';
  // Text columns travel as BLOB/VARCHAR with a text character set.
  if (name.endsWith('BLOB') && field.characterSet !== binaryCharset) return name.replace('BLOB', 'TEXT');
  if (name === 'VARCHAR' && field.characterSet === binaryCharset) return 'VARBINARY';
  return name;
}

export function queryColumns(fields: FieldPacket[]): QueryColumn[] {
  return fields.map((field) => ({ name: field.name, type: columnType(field) }));
}

/** A single trailing `;` is harmless in a client but breaks `SET STATEMENT ... FOR <sql>`. */
function withoutTrailingSemicolons(sql: string): string {
  return sql.replace(/[\s;]+$/, '');
}

/** How long after the server-side timeout the client timer kills the statement itself. */
const backstopGraceMs = 1000;

export interface UserQueryContext {
  connections: MysqlConnections;
  redactor: Redactor;
  lease: Lease;
  isMariaDb: boolean;
}

/**
 * Runs a caller's statement. The server enforces the timeout (MariaDB: `SET STATEMENT max_statement_time=N FOR`,
 * MySQL: session `max_execution_time`) and a client timer kills it on the server as a backstop; `readOnly` wraps it in
 * `START TRANSACTION READ ONLY` ... `ROLLBACK`.
 */
export async function runUserQuery(
  context: UserQueryContext,
  sql: string,
  params: QueryParams | undefined,
  options: QueryOptions,
): Promise<QueryResult> {
  const { connections, redactor, lease, isMariaDb } = context;
  const maxRows = options.maxRows ?? defaultMaxRows;
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
  const control = (statement: string) =>
    runStatement(connections, lease, redactor, statement, undefined, { ...signalOf(options), timeoutMs });

  const sandboxed = isSandboxed(options);
  const readOnly = options.readOnly === true || sandboxed;
  // A sandboxed statement's connection is never reused: user variables, GET_LOCK locks and session settings it may
  // have made die with it, whatever the guard missed.
  if (sandboxed) lease.markBroken();
  let statement = withoutTrailingSemicolons(sql);
  // Session state set below (open transaction, session timeout) must not leak into the pool if anything fails.
  const leavesSessionState = readOnly || (timeoutMs > 0 && !isMariaDb);
  let outcome: StatementOutcome;
  try {
    if (timeoutMs > 0 && isMariaDb) {
      statement = `SET STATEMENT max_statement_time=${(timeoutMs / 1000).toFixed(3)} FOR ${statement}`;
    } else if (timeoutMs > 0) {
      await control(`SET SESSION max_execution_time=${Math.ceil(timeoutMs)}`);
    }
    if (readOnly) await control('START TRANSACTION READ ONLY');
    outcome = await runStatement(connections, lease, redactor, statement, params, {
      ...signalOf(options),
      // The server stops the statement first; the client timer only backs it up (and keeps the session reusable).
      ...(timeoutMs > 0 ? { timeoutMs: timeoutMs + backstopGraceMs } : {}),
      maxRows,
    });
    // A truncated session is destroyed anyway; a complete one goes back to the pool clean.
    if (!outcome.truncated && !sandboxed) {
      if (readOnly) await control('ROLLBACK');
      if (timeoutMs > 0 && !isMariaDb) await control('SET SESSION max_execution_time=DEFAULT');
    }
  } catch (error) {
    if (leavesSessionState) lease.markBroken();
    throw error;
  }
  return capResultBytes(
    { columns: queryColumns(outcome.fields), rows: outcome.rows, truncated: outcome.truncated },
    options,
  );
}

function signalOf(options: QueryOptions): { signal?: AbortSignal } {
  return options.signal ? { signal: options.signal } : {};
}
