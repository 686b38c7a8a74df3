import { DatataskError, ErrorCode } from '../../core/errors.js';
import type { Redactor } from '../../core/redact.js';

/** Where an error happened: a 404 on a user's query is a bad statement, elsewhere the project or dataset is missing. */
export type ErrorContext = 'connect' | 'query' | 'introspect';

/** The fields of a driver error we look at: ApiError (HTTP status, `errors[].reason`) or a FetchError (`code`). */
interface DriverErrorShape {
  code?: number | string;
  errno?: string;
  message?: string;
  errors?: Array<{ reason?: string; message?: string }>;
}

const unreachableCodes = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
const resetCodes = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);
const tlsPattern = /EPROTO|CERT|SSL|TLS|self[- ]signed|wrong version number|unable to verify/i;

/**
 * A copy of the driver error that keeps what helps (message, status, reasons) and drops the raw HTTP response,
 * whose request headers carry the bearer token.
 */
export class BigQueryDriverError extends Error {
  readonly code: number | string | undefined;
  readonly reasons: string[];

  constructor(source: DriverErrorShape, redactor: Redactor) {
    // ApiError joins several messages under "Multiple errors occurred"; the first detailed one says what failed.
    const detailed = source.errors?.find((e) => e.message)?.message;
    const message = source.message && !/^Multiple errors/.test(source.message) ? source.message : detailed;
    super(redactor.redactText(message ?? source.message ?? 'Unknown BigQuery error'));
    this.name = 'BigQueryDriverError';
    this.code = source.code;
    this.reasons = (source.errors ?? []).map((e) => e.reason ?? '').filter(Boolean);
    // The original stack names only driver frames and may quote the message: keep ours.
  }
}

function codeFor(error: DriverErrorShape, context: ErrorContext): ErrorCode {
  const status = typeof error.code === 'number' ? error.code : undefined;
  const sysCode = typeof error.code === 'string' ? error.code : error.errno;
  const reasons = (error.errors ?? []).map((e) => e.reason ?? '');
  const message = error.message ?? '';
  if (sysCode && unreachableCodes.has(sysCode)) return ErrorCode.HOST_UNREACHABLE;
  if (sysCode && (sysCode === 'ETIMEDOUT' || sysCode === 'ESOCKETTIMEDOUT')) return ErrorCode.TIMEOUT;
  if (sysCode && (tlsPattern.test(sysCode) || (sysCode === 'EPROTO' && tlsPattern.test(message)))) {
    return ErrorCode.TLS_FAILED;
  }
  if (sysCode && resetCodes.has(sysCode)) return ErrorCode.CONNECTION_FAILED;
  if (!status && tlsPattern.test(message) && /request to https:/i.test(message)) return ErrorCode.TLS_FAILED;
  if (status === 401 || reasons.includes('authError')) return ErrorCode.AUTH_FAILED;
  if (status === 403) {
    if (reasons.some((r) => r === 'rateLimitExceeded' || r === 'quotaExceeded')) return ErrorCode.QUERY_FAILED;
    return ErrorCode.PERMISSION_DENIED;
  }
  if (status === 404) {
    if (/not found: project/i.test(message)) return ErrorCode.DATABASE_NOT_FOUND;
    return context === 'query' ? ErrorCode.QUERY_FAILED : ErrorCode.DATABASE_NOT_FOUND;
  }
  if (reasons.includes('timeout') || /exceeded.*timeout|job timed out|deadline/i.test(message)) {
    return ErrorCode.TIMEOUT;
  }
  if (status !== undefined && status >= 400 && status < 500) return ErrorCode.QUERY_FAILED;
  if (status !== undefined && status >= 500) return ErrorCode.CONNECTION_FAILED;
  return context === 'query' ? ErrorCode.QUERY_FAILED : ErrorCode.CONNECTION_FAILED;
}

/** Maps a driver or HTTP error to a DatataskError with a stable code, its text redacted, the cause sanitized. */
export function toBigQueryError(error: unknown, context: ErrorContext, redactor: Redactor): DatataskError {
  if (error instanceof DatataskError) return error;
  const shape: DriverErrorShape =
    error && typeof error === 'object' ? (error as DriverErrorShape) : { message: String(error) };
  const code = codeFor(shape, context);
  const cause = new BigQueryDriverError(shape, redactor);
  const status = typeof shape.code === 'number' ? shape.code : undefined;
  return new DatataskError(code, `BigQuery: ${cause.message.split('\n')[0]}`, {
    cause,
    details: {
      ...(status !== undefined ? { status } : {}),
      ...(cause.reasons.length > 0 ? { reasons: cause.reasons } : {}),
    },
  });
}
