import { DatataskError, ErrorCode } from '../../core/errors.js';
import type { Redactor } from '../../core/redact.js';
import { redactCause } from '../../core/redact-error.js';

/**
 * DuckDB reports errors as text with a class prefix ("Catalog Error: ...", "IO Error: ..."); the class and a few
 * well-known phrases decide the stable code.
 */
export function duckDbErrorCode(message: string, context: 'open' | 'query'): ErrorCode {
  if (/read-only mode: database does not exist|No such file or directory/i.test(message)) {
    return ErrorCode.DATABASE_NOT_FOUND;
  }
  if (/read-only mode|attached in read-only|read_only/i.test(message)) return ErrorCode.READ_ONLY_VIOLATION;
  if (/^Permission Error/i.test(message) || /permission denied/i.test(message)) return ErrorCode.PERMISSION_DENIED;
  if (/^INTERRUPT Error/i.test(message)) return ErrorCode.ABORTED;
  if (context === 'open') return ErrorCode.CONNECTION_FAILED;
  return ErrorCode.QUERY_FAILED;
}

export function toDuckDbError(error: unknown, redactor: Redactor, context: 'open' | 'query'): DatataskError {
  if (error instanceof DatataskError) return error;
  const message = redactor.redactText(error instanceof Error ? error.message : String(error));
  const code = duckDbErrorCode(message, context);
  return new DatataskError(code, `DuckDB: ${message}`, {
    // The driver error keeps the database path (a MotherDuck token in it): a redacted copy is the cause.
    cause: redactCause(error, redactor),
    // A locked or unreadable file will not fix itself by retrying at once, but a lock may be released later.
    ...(code === ErrorCode.CONNECTION_FAILED ? { retriable: /lock/i.test(message) } : {}),
  });
}
