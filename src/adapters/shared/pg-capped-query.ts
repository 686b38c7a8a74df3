import type PG from 'pg';
import type { FieldDef } from 'pg';

export type PgDriver = typeof PG;

/** The parts of pg's wire connection and Query internals a row-limited portal needs. */
interface WireConnection {
  sync(): void;
}
interface InternalQuery {
  handlePortalSuspended(connection: WireConnection): void;
  handleError(error: Error, connection: WireConnection): void;
}
interface QueryResultLike {
  fields: FieldDef[];
  rows: Record<string, unknown>[];
}

export interface CappedResult {
  fields: FieldDef[];
  rows: Record<string, unknown>[];
  truncated: boolean;
}

/**
 * Runs one statement through an unnamed portal executed with a row limit of maxRows + 1: the server sends at most
 * that many rows, then suspends the portal, and we end it with Sync instead of asking for more. So a capped query
 * never transfers the whole result (unlike fetching everything and slicing). Works for any statement, not only
 * SELECT (DECLARE CURSOR would reject EXPLAIN, SHOW ...).
 */
export function runCappedQuery(
  driver: PgDriver,
  client: PG.ClientBase,
  sql: string,
  params: unknown[] | undefined,
  maxRows: number,
): Promise<CappedResult> {
  return new Promise<CappedResult>((resolve, reject) => {
    let suspended = false;
    const QueryClass = driver.Query as unknown as new (
      config: object,
      callback: (error: Error | undefined, result: QueryResultLike) => void,
    ) => InternalQuery;
    const query = new QueryClass({ text: sql, values: params ?? [], rows: maxRows + 1 }, (error, result) => {
      if (error) reject(error);
      else {
        const rows = result.rows;
        resolve({ fields: result.fields, rows: rows.slice(0, maxRows), truncated: suspended || rows.length > maxRows });
      }
    });
    query.handlePortalSuspended = (connection) => {
      // More rows may exist: stop here. Sync ends the portal and brings the server back to ReadyForQuery.
      suspended = true;
      connection.sync();
    };
    const handleError = query.handleError.bind(query);
    query.handleError = (error, connection) => {
      // A server error during a row-limited execute waits for a Sync (pg only pipelines Sync without a limit).
      if (error instanceof driver.DatabaseError) {
        try {
          connection.sync();
        } catch {
          // The connection is gone; the error below is what matters.
        }
      }
      handleError(error, connection);
    };
    client.query(query as unknown as PG.Submittable);
  });
}
