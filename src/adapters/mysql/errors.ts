import { DatataskError, ErrorCode } from '../../core/errors.js';
import type { Redactor } from '../../core/redact.js';
import { redactCause } from '../../core/redact-error.js';

/** What the driver error carries that tells failures apart (mysql2's `code`, `errno`, `sqlState`). */
interface DriverErrorShape {
  code?: string;
  errno?: number;
  sqlState?: string;
  message?: string;
}

const tlsCodes = new Set([
  'HANDSHAKE_NO_SSL_SUPPORT',
  'HANDSHAKE_SSL_ERROR',
  'EPROTO',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);
const unreachableCodes = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNRESET',
]);

/** Server error numbers (MySQL and MariaDB share them) mapped to stable codes. */
const errnoCodes = new Map<number, ErrorCode>([
  [1045, ErrorCode.AUTH_FAILED], // ER_ACCESS_DENIED_ERROR
  [1698, ErrorCode.AUTH_FAILED], // ER_ACCESS_DENIED_NO_PASSWORD_ERROR
  [1251, ErrorCode.AUTH_FAILED], // ER_NOT_SUPPORTED_AUTH_MODE
  [1049, ErrorCode.DATABASE_NOT_FOUND], // ER_BAD_DB_ERROR
  [1044, ErrorCode.PERMISSION_DENIED], // ER_DBACCESS_DENIED_ERROR
  [1142, ErrorCode.PERMISSION_DENIED], // ER_TABLEACCESS_DENIED_ERROR
  [1143, ErrorCode.PERMISSION_DENIED], // ER_COLUMNACCESS_DENIED_ERROR
  [1227, ErrorCode.PERMISSION_DENIED], // ER_SPECIFIC_ACCESS_DENIED_ERROR
  [1370, ErrorCode.PERMISSION_DENIED], // ER_PROCACCESS_DENIED_ERROR
  [1792, ErrorCode.READ_ONLY_VIOLATION], // ER_CANT_EXECUTE_IN_READ_ONLY_TRANSACTION
  [1969, ErrorCode.TIMEOUT], // MariaDB ER_STATEMENT_TIMEOUT (max_statement_time)
  [3024, ErrorCode.TIMEOUT], // MySQL ER_QUERY_TIMEOUT (max_execution_time)
]);

export function mysqlErrorCode(error: unknown): ErrorCode {
  const shape = (error ?? {}) as DriverErrorShape;
  const code = shape.code ?? '';
  if (shape.errno !== undefined && errnoCodes.has(shape.errno)) return errnoCodes.get(shape.errno)!;
  if (tlsCodes.has(code) || code.startsWith('ERR_TLS_') || code.startsWith('ERR_SSL_')) return ErrorCode.TLS_FAILED;
  if (unreachableCodes.has(code)) return ErrorCode.HOST_UNREACHABLE;
  if (code === 'ETIMEDOUT' || code === 'PROTOCOL_SEQUENCE_TIMEOUT') return ErrorCode.TIMEOUT;
  if (code.startsWith('PROTOCOL_') || code === 'EPIPE') return ErrorCode.CONNECTION_FAILED;
  return ErrorCode.QUERY_FAILED;
}

/** Wraps a driver error into a DatataskError with a stable code, no secret in the message, the driver error as cause. */
export function toMysqlError(error: unknown, redactor: Redactor, context: 'connect' | 'query'): DatataskError {
  if (error instanceof DatataskError) return error;
  let code = mysqlErrorCode(error);
  // A failure while opening a session that is not otherwise classified is a connection problem, not a query one.
  if (context === 'connect' && code === ErrorCode.QUERY_FAILED) code = ErrorCode.CONNECTION_FAILED;
  const shape = (error ?? {}) as DriverErrorShape;
  const message = redactor.redactText(shape.message ?? String(error));
  return new DatataskError(code, `MySQL: ${message}`, {
    // The driver error keeps host names and server text: a redacted copy is the cause.
    cause: redactCause(error, redactor),
    details: {
      ...(shape.code ? { driverCode: shape.code } : {}),
      ...(typeof shape.errno === 'number' && shape.errno > 0 ? { errno: shape.errno } : {}),
      ...(shape.sqlState ? { sqlState: shape.sqlState } : {}),
    },
  });
}
