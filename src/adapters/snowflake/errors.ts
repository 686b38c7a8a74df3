/** Maps snowflake-sdk errors to DatataskError codes, with every credential secret masked in the message. */
import { DatataskError, ErrorCode } from '../../core/errors.js';
import type { Redactor } from '../../core/redact.js';
import { isTlsFailure } from '../tls-errors.js';
import type { SnowflakeDriverError } from './connection.js';

/** Codes Snowflake answers (strings with leading zeros on the wire), by meaning. */
const authCodes = new Set([390100, 390101, 390102, 390103, 390104, 390106, 390144, 390302, 394304]);
const networkCauses = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET']);
/** snowflake-sdk's own codes for "could not reach Snowflake" (HTTP and result chunk downloads). */
const driverNetworkCodes = new Set([401001, 402001]);

export type ErrorPhase = 'connect' | 'query' | 'introspect';

function causeCode(error: SnowflakeDriverError): string | undefined {
  const cause = error.cause as { code?: unknown } | undefined;
  return typeof cause?.code === 'string' ? cause.code : undefined;
}

/** Snowflake uses 002003 for every missing object: only a missing database is DATABASE_NOT_FOUND. */
function isMissingDatabase(code: number, message: string): boolean {
  return code === 390201 || (code === 2003 && /\bDatabase '.*' does not exist/i.test(message));
}

export function codeOf(error: SnowflakeDriverError, phase: ErrorPhase): ErrorCode {
  const code = Number.parseInt(String(error.code ?? ''), 10);
  const message = error.message ?? '';
  const cause = causeCode(error);
  if (isTlsFailure(cause, String((error.cause as { message?: unknown } | undefined)?.message ?? ''))) {
    return ErrorCode.TLS_FAILED;
  }
  if (driverNetworkCodes.has(code) || (cause && networkCauses.has(cause))) return ErrorCode.HOST_UNREACHABLE;
  if (cause === 'ETIMEDOUT' || cause === 'ECONNABORTED') return ErrorCode.TIMEOUT;
  if (authCodes.has(code)) return ErrorCode.AUTH_FAILED;
  if (isMissingDatabase(code, message)) return ErrorCode.DATABASE_NOT_FOUND;
  if (code === 3001 || code === 2043 || code === 390189) return ErrorCode.PERMISSION_DENIED;
  if (code === 604 || code === 630) return ErrorCode.TIMEOUT;
  if (phase === 'connect') return ErrorCode.CONNECTION_FAILED;
  return ErrorCode.QUERY_FAILED;
}

/** Wraps a driver error: stable code, masked message, Snowflake code and SQL state in `details`. */
export function mapSnowflakeError(
  error: unknown,
  phase: ErrorPhase,
  redactor: Redactor,
  context?: string,
): DatataskError {
  if (error instanceof DatataskError) return error;
  const driverError = (error instanceof Error ? error : new Error(String(error))) as SnowflakeDriverError;
  const code = codeOf(driverError, phase);
  const text = redactor.redactText(driverError.message || String(error));
  const message = context ? `${context}: ${text}` : text;
  const details: Record<string, unknown> = {};
  if (driverError.code !== undefined) details.snowflakeCode = String(driverError.code);
  if (driverError.sqlState) details.sqlState = driverError.sqlState;
  // The driver error itself can hold the login body: keep it as cause only with its message masked.
  const cause = redactor.redact(driverError);
  return new DatataskError(code, message, { cause, details });
}
