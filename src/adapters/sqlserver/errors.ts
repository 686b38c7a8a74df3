/** Maps mssql / tedious errors to DatataskError codes, with every secret masked. */
import { AbortError, DatataskError, ErrorCode, TimeoutError } from '../../core/errors.js';
import type { Redactor } from '../../core/redact.js';
import { redactError } from '../../core/redact-error.js';

interface DriverErrorFacts {
  codes: string[];
  numbers: number[];
  messages: string[];
}

/** Codes, server error numbers and messages along the error, its originalError/cause chain and aggregates. */
function facts(error: unknown): DriverErrorFacts {
  const found: DriverErrorFacts = { codes: [], numbers: [], messages: [] };
  const seen = new Set<unknown>();
  const visit = (value: unknown, depth: number) => {
    if (!value || typeof value !== 'object' || seen.has(value) || depth > 6) return;
    seen.add(value);
    const item = value as {
      code?: unknown;
      number?: unknown;
      message?: unknown;
      originalError?: unknown;
      cause?: unknown;
      errors?: unknown;
    };
    if (typeof item.code === 'string') found.codes.push(item.code);
    if (typeof item.number === 'number') found.numbers.push(item.number);
    if (typeof item.message === 'string') found.messages.push(item.message);
    visit(item.originalError, depth + 1);
    visit(item.cause, depth + 1);
    if (Array.isArray(item.errors)) for (const inner of item.errors) visit(inner, depth + 1);
  };
  visit(error, 0);
  return found;
}

const unreachableCodes = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'EINSTLOOKUP',
]);
const tlsCodes =
  /^(ERR_TLS|ERR_SSL|CERT_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT|UNABLE_TO_(VERIFY|GET)|EENCRYPT|ERR_OSSL)/;
const tlsMessages = /certificate|self[- ]signed|ssl|tls|alpn|handshake/i;
/** Server error numbers: permission denied (229 object, 230 column, 262 statement, 297/300/916 login/db access). */
const permissionNumbers = new Set([229, 230, 262, 297, 300, 916, 15247]);
const authNumbers = new Set([18456, 18452, 18486, 18487, 18488]);

/** The stable code for a driver error; `phase` decides the fallback. */
export function sqlServerErrorCode(error: unknown, phase: 'connect' | 'query', loginNumbers: number[] = []): ErrorCode {
  const { codes, numbers, messages } = facts(error);
  const allNumbers = [...numbers, ...loginNumbers];
  const text = messages.join(' | ');
  if (allNumbers.includes(4060) || /cannot open database/i.test(text)) return ErrorCode.DATABASE_NOT_FOUND;
  if (codes.includes('ELOGIN') || allNumbers.some((n) => authNumbers.has(n))) return ErrorCode.AUTH_FAILED;
  if (codes.some((c) => tlsCodes.test(c))) return ErrorCode.TLS_FAILED;
  if (codes.some((c) => unreachableCodes.has(c))) return ErrorCode.HOST_UNREACHABLE;
  if (codes.includes('ETIMEOUT')) return ErrorCode.TIMEOUT;
  if (numbers.some((n) => permissionNumbers.has(n))) return ErrorCode.PERMISSION_DENIED;
  if (numbers.includes(3906)) return ErrorCode.READ_ONLY_VIOLATION;
  if (codes.includes('ESOCKET') && tlsMessages.test(text)) return ErrorCode.TLS_FAILED;
  if (codes.some((c) => ['ESOCKET', 'ECONNRESET', 'ECONNCLOSED', 'ENOTOPEN', 'ENOCONN', 'EINVALIDSTATE'].includes(c))) {
    return ErrorCode.CONNECTION_FAILED;
  }
  if (phase === 'connect' && numbers.length === 0) return ErrorCode.CONNECTION_FAILED;
  return ErrorCode.QUERY_FAILED;
}

/** A DatataskError for a driver error: redacted message and cause, the server error number in details. */
export function toSqlServerError(
  error: unknown,
  redactor: Redactor,
  phase: 'connect' | 'query',
  loginNumbers: number[] = [],
): DatataskError {
  if (error instanceof DatataskError) return error;
  const code = sqlServerErrorCode(error, phase, loginNumbers);
  const { numbers, codes } = facts(error);
  const message = redactor.redactText(`SQL Server: ${(error as Error)?.message ?? String(error)}`);
  const cause = error instanceof Error ? redactError(error, redactor) : undefined;
  const number = numbers[0] ?? loginNumbers[loginNumbers.length - 1];
  const details = { ...(number !== undefined ? { number } : {}), ...(codes[0] ? { driverCode: codes[0] } : {}) };
  if (code === ErrorCode.TIMEOUT) return new TimeoutError(message, { cause, details });
  return new DatataskError(code, message, { cause, details });
}

/** The error a call ends with when its signal aborted: the signal's own typed reason, or ABORTED. */
export function abortReason(signal: AbortSignal): DatataskError {
  const reason: unknown = signal.reason;
  if (reason instanceof DatataskError) return reason;
  return new AbortError(reason instanceof Error ? reason.message : 'The operation was aborted', { cause: reason });
}
