import type { QueryOptions as DriverQueryOptions, FieldPacket } from 'mysql2';
import { type DatataskError, TimeoutError } from '../../core/errors.js';
import type { Redactor } from '../../core/redact.js';
import type { QueryParams } from '../adapter.js';
import { abortReason, type Lease, type MysqlConnections } from './connections.js';
import { toMysqlError } from './errors.js';

export interface StatementOptions {
  signal?: AbortSignal;
  /** Client-side timer that cancels the statement on the server (KILL QUERY) when it fires. */
  timeoutMs?: number;
  /** Rows kept at most; one more is read to know whether the result was truncated. */
  maxRows?: number;
}

export interface StatementOutcome {
  fields: FieldPacket[];
  rows: Record<string, unknown>[];
  truncated: boolean;
}

/**
 * Streams one statement's rows with the driver's own `?` / `:name` binding. Stops reading past `maxRows`; a
 * timeout or an abort kills the statement on the server from a second connection. Either leaves the session in an
 * unknown state, so the connection is then destroyed rather than reused.
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
  const maxRows = options.maxRows ?? Number.POSITIVE_INFINITY;
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

  const rows: Record<string, unknown>[] = [];
  let fields: FieldPacket[] = [];
  let lostConnection: ((error?: Error) => void) | undefined;
  let truncated = false;
  try {
    if (options.signal?.aborted) throw abortReason(options.signal);
    connections.statementCount++;
    const named = params !== undefined && !Array.isArray(params);
    const command = connection.query({
      sql,
      // The driver binds `?` and `:name` itself; it does not modify the values.
      ...(params !== undefined ? { values: params as DriverQueryOptions['values'] } : {}),
      ...(named ? { namedPlaceholders: true } : {}),
    });
    // The stream forwards errors while it is read; this keeps a late error (after we stop reading) from crashing.
    command.on('error', () => {});
    command.on('fields', (received: FieldPacket[] | undefined) => (fields = received ?? []));
    const stream = command.stream();
    // mysql2 tells a callback-less command nothing when the socket dies mid-result (the error goes to the
    // connection only), so the stream would wait forever: end it with the connection's error.
    lostConnection = (error?: Error) =>
      stream.destroy(
        error ??
          Object.assign(new Error('Connection lost: the server closed the connection'), {
            code: 'PROTOCOL_CONNECTION_LOST',
          }),
      );
    connection.on('error', lostConnection);
    connection.on('end', lostConnection);
    for await (const row of stream) {
      // A statement without a result set (UPDATE, SET ...) yields its OK packet here, not a row.
      if (fields.length === 0) continue;
      if (rows.length >= maxRows) {
        truncated = true;
        break;
      }
      rows.push(row as Record<string, unknown>);
    }
    // The server may still be producing rows nobody will read.
    if (truncated) stopOnServer();
  } catch (error) {
    if (cancelReason) throw cancelReason;
    throw toMysqlError(error, redactor, 'query');
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
    if (lostConnection) {
      connection.off('error', lostConnection);
      connection.off('end', lostConnection);
    }
    if (kill) await kill;
  }
  if (cancelReason) throw cancelReason;
  return { fields, rows, truncated };
}
