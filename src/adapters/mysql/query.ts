import type { FieldPacket } from 'mysql2';
import type { Redactor } from '../../core/redact.js';
import type { QueryColumn, QueryOptions, QueryParams, QueryResult } from '../adapter.js';
import { defaultMaxRows, defaultTimeoutMs } from '../adapter.js';
import { capResultBytes, isSandboxed } from '../result-caps.js';
import type { Lease, MysqlConnections } from './connections.js';
import { runStatement } from './run-statement.js';

const backstopGraceMs = 1000;

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
  let outcome: Awaited<ReturnType<typeof runStatement>>;
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
