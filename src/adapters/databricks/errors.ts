import { DatataskError, ErrorCode } from '../../core/errors.js';
import type { Redactor } from '../../core/redact.js';
import { tlsErrorCodes } from '../tls-errors.js';

/** Where the error happened: failing to open a session is a connection problem, the rest are statement problems. */
export type ErrorPhase = 'connect' | 'query';

interface DriverErrorFacts {
  message: string;
  httpStatus?: number;
  systemCode?: string;
  sqlState?: string;
  operationState?: string;
}

const unreachableCodes = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);

/** Reads what the driver's various error shapes carry (THTTPException, FetchError, RetryError, StatusError ...). */
function facts(error: unknown, depth = 0): DriverErrorFacts {
  const e = (error ?? {}) as Record<string, unknown>;
  const response = e.response as Record<string, unknown> | undefined;
  const nested = e.payload ?? e.cause;
  const inner = depth < 3 && nested && typeof nested === 'object' ? facts(nested, depth + 1) : undefined;
  const httpStatus =
    typeof e.statusCode === 'number'
      ? e.statusCode
      : typeof response?.status === 'number'
        ? response.status
        : undefined;
  const systemCode = typeof e.code === 'string' ? e.code : typeof e.errno === 'string' ? e.errno : undefined;
  return {
    message: typeof e.message === 'string' && e.message ? e.message : (inner?.message ?? String(error)),
    httpStatus: httpStatus ?? inner?.httpStatus,
    systemCode: systemCode ?? inner?.systemCode,
    sqlState: (typeof response?.sqlState === 'string' ? response.sqlState : undefined) ?? inner?.sqlState,
    operationState: typeof e.errorCode === 'string' ? e.errorCode : inner?.operationState,
  };
}

const lostConnectionCodes = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ERR_STREAM_PREMATURE_CLOSE']);

function classify(f: DriverErrorFacts, phase: ErrorPhase): ErrorCode {
  const m = f.message;
  if (f.httpStatus === 401 || f.httpStatus === 403) return ErrorCode.AUTH_FAILED;
  // The handshake happens while opening the session; later, such words are more likely part of a SQL error.
  const tlsText = phase === 'connect' && !f.sqlState && /certificate|self[- ]signed|ssl routines/i.test(m);
  if ((f.systemCode && tlsErrorCodes.has(f.systemCode)) || tlsText) {
    return ErrorCode.TLS_FAILED;
  }
  if (f.systemCode && unreachableCodes.has(f.systemCode)) return ErrorCode.HOST_UNREACHABLE;
  if (f.systemCode === 'ETIMEDOUT' || f.operationState === 'TIMEOUT' || /timed out/i.test(m)) return ErrorCode.TIMEOUT;
  // The socket went away mid-statement: the session is lost, not the statement wrong (fatal for optional parts).
  if ((f.systemCode && lostConnectionCodes.has(f.systemCode)) || /socket hang up/i.test(m)) {
    return ErrorCode.CONNECTION_FAILED;
  }
  if (
    f.sqlState === '42501' ||
    /INSUFFICIENT_PERMISSIONS|PERMISSION_DENIED|does not have .*(privilege|permission)/i.test(m)
  ) {
    return ErrorCode.PERMISSION_DENIED;
  }
  if (phase === 'connect' && /NO_SUCH_CATALOG|CATALOG_NOT_FOUND|SCHEMA_NOT_FOUND|NO_SUCH_SCHEMA/i.test(m)) {
    return ErrorCode.DATABASE_NOT_FOUND;
  }
  return phase === 'connect' ? ErrorCode.CONNECTION_FAILED : ErrorCode.QUERY_FAILED;
}

const summaries: Partial<Record<ErrorCode, string>> = {
  [ErrorCode.AUTH_FAILED]: 'the access token was rejected',
  [ErrorCode.TLS_FAILED]: 'the TLS certificate of the server could not be verified (set `ca` for a private CA)',
  [ErrorCode.HOST_UNREACHABLE]: 'the host could not be reached',
  [ErrorCode.TIMEOUT]: 'the request timed out',
  [ErrorCode.PERMISSION_DENIED]: 'permission denied',
  [ErrorCode.DATABASE_NOT_FOUND]: 'the catalog or schema does not exist',
  [ErrorCode.CONNECTION_FAILED]: 'could not open a session',
  [ErrorCode.QUERY_FAILED]: 'the statement failed',
};

/** Turns a driver error into a DatataskError with a stable code and no secret in its message or cause. */
export function mapDatabricksError(error: unknown, phase: ErrorPhase, redactor: Redactor): DatataskError {
  if (error instanceof DatataskError) return error;
  const f = facts(error);
  const code = classify(f, phase);
  const driverMessage = redactor.redactText(f.message);
  const http = f.httpStatus ? ` (HTTP ${f.httpStatus})` : '';
  // Keep the driver error as the cause unless its text carries a secret; then keep a masked copy.
  const leaks =
    driverMessage !== f.message ||
    redactor.redactText(String((error as Error)?.stack ?? '')) !== String((error as Error)?.stack ?? '');
  const cause = leaks ? new Error(driverMessage) : error;
  return new DatataskError(code, `Databricks: ${summaries[code]}${http}: ${driverMessage}`, {
    cause,
    details: {
      ...(f.sqlState ? { sqlState: f.sqlState } : {}),
      ...(f.httpStatus ? { httpStatus: f.httpStatus } : {}),
      ...(f.systemCode ? { systemCode: f.systemCode } : {}),
    },
  });
}

/** information_schema cannot be used here (no Unity Catalog, hive_metastore, no access): use the fallback. */
export function isInformationSchemaUnavailable(error: unknown): boolean {
  if (!(error instanceof DatataskError)) return false;
  if (error.code === 'PERMISSION_DENIED') return true;
  const m = error.message;
  return (
    /UC_NOT_ENABLED|Unity Catalog is not enabled|UNITY_CATALOG/i.test(m) ||
    (/information_schema/i.test(m) && /NOT_FOUND|NO_SUCH|not found|does not exist|cannot be found/i.test(m))
  );
}
