import type PG from 'pg';
import type { FieldDef } from 'pg';

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
