import { AbortError, DatataskError, ErrorCode, TimeoutError } from '../../core/errors.js';
import type { Redactor } from '../../core/redact.js';
import { redactCause } from '../../core/redact-error.js';

/** SQLSTATE codes (PostgreSQL and Redshift) with a stable meaning of their own. */
const sqlStateCodes: Record<string, ErrorCode> = {
  '28P01': ErrorCode.AUTH_FAILED,
  '28000': ErrorCode.AUTH_FAILED,
  '3D000': ErrorCode.DATABASE_NOT_FOUND,
  '42501': ErrorCode.PERMISSION_DENIED,
  '25006': ErrorCode.READ_ONLY_VIOLATION,
  '53300': ErrorCode.CONNECTION_FAILED,
  '57P01': ErrorCode.CONNECTION_FAILED,
  '57P03': ErrorCode.CONNECTION_FAILED,
};

const unreachableCodes = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'EADDRNOTAVAIL',
]);

/** node:tls / OpenSSL failures: certificate chain, host name, handshake. */
function isTlsError(error: { code?: string; message?: string }): boolean {
  const code = error.code ?? '';
  if (/CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|ALTNAME|^ERR_SSL|^ERR_TLS|EPROTO/.test(code)) return true;
  return /does not support SSL|self[- ]signed certificate|certificate|SSL routines|TLS/i.test(error.message ?? '');
}

function isConnectTimeout(error: { code?: string; message?: string }): boolean {
  return error.code === 'ETIMEDOUT' || /timeout|timed out/i.test(error.message ?? '');
}

export interface PgErrorContext {
  /** "PostgreSQL" or "Redshift": starts every message. */
  engine: string;
  redactor: Redactor;
  /** What was being done, e.g. "connect", "query", "introspect". */
  operation: string;
  signal?: AbortSignal | undefined;
  /** Set when the adapter's own timeout fired (the server reports a plain cancel then). */
  timedOut?: boolean;
}

/** Classifies a pg driver / network error into a DatataskError with a stable code and no secret in it. */
export function classifyPgError(error: unknown, context: PgErrorContext): DatataskError {
  if (error instanceof DatataskError) return error;
  const raw = (error ?? {}) as { code?: string; message?: string; hint?: string; detail?: string };
  const message = context.redactor.redactText(raw.message ?? String(error));
  const sqlState = typeof raw.code === 'string' && /^[0-9A-Z]{5}$/.test(raw.code) ? raw.code : undefined;
  const text = `${context.engine} ${context.operation} failed: ${message}`;
  const details = { ...(sqlState ? { sqlState } : {}), operation: context.operation };
  // The driver error keeps host names, URLs and server text: a redacted copy is the cause.
  const cause = redactCause(error, context.redactor);

  if (context.signal?.aborted) {
    // A timeout implemented as an abort carries its TimeoutError as the reason.
    const reason: unknown = context.signal.reason;
    if (reason instanceof DatataskError) return reason;
    return new AbortError(`${context.engine} ${context.operation} was aborted`, { cause, details });
  }
  if (sqlState === '57014') {
    // 57014 is both "statement timeout" and "cancelled on user request" (our own cancel after a timeout).
    if (context.timedOut || /statement timeout/i.test(message)) {
      return new TimeoutError(`${context.engine} ${context.operation} timed out: ${message}`, {
        cause,
        details,
      });
    }
    return new DatataskError(ErrorCode.QUERY_FAILED, text, { cause, details });
  }
  if (sqlState) {
    const code = sqlStateCodes[sqlState] ?? (sqlState.startsWith('08') ? ErrorCode.CONNECTION_FAILED : undefined);
    return new DatataskError(code ?? ErrorCode.QUERY_FAILED, text, { cause, details });
  }
  if (context.timedOut) return new TimeoutError(`${context.engine} ${context.operation} timed out`, { cause });
  if (raw.code && unreachableCodes.has(raw.code)) {
    return new DatataskError(ErrorCode.HOST_UNREACHABLE, text, {
      cause,
      details: { ...details, errno: raw.code },
    });
  }
  if (isTlsError(raw)) return new DatataskError(ErrorCode.TLS_FAILED, text, { cause, details });
  if (isConnectTimeout(raw)) return new TimeoutError(text, { cause, details });
  const lostConnection = /Connection terminated|ECONNRESET|EPIPE|socket|not queryable/i.test(`${raw.code} ${message}`);
  const code = context.operation === 'connect' || lostConnection ? ErrorCode.CONNECTION_FAILED : ErrorCode.QUERY_FAILED;
  return new DatataskError(code, text, { cause, details });
}
