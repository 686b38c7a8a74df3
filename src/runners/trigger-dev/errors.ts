import { DatataskError, ErrorCode, toDatataskError } from '../../core/errors.js';

const codes = new Set<string>(Object.values(ErrorCode));
const prefixed = /^\[([A-Z_]+)\] ([\s\S]*)$/;

/** Error messages carry their code as `[CODE] message`, so it survives Trigger.dev's error serialization. */
export function withCodePrefix(error: DatataskError, message = error.message): string {
  return `[${error.code}] ${message}`;
}

/** Turns what Trigger.dev hands back (an AbortTaskRunError, a serialized error) into our typed error again. */
export function fromTriggerError(error: unknown): DatataskError {
  if (error instanceof DatataskError && !prefixed.test(error.message)) return error;
  const message =
    error instanceof Error
      ? error.message
      : typeof (error as { message?: unknown })?.message === 'string'
        ? (error as { message: string }).message
        : undefined;
  const match = message ? prefixed.exec(message) : null;
  if (match && codes.has(match[1]!)) {
    const code = match[1] as ErrorCode;
    const details = error instanceof DatataskError ? error.details : undefined;
    return new DatataskError(code, match[2]!, { cause: error, ...(details ? { details } : {}) });
  }
  return toDatataskError(error);
}
