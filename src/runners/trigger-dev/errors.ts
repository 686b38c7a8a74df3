import { DatataskError, ErrorCode, toDatataskError, ValidationError } from '../../core/errors.js';

const codes = new Set<string>(Object.values(ErrorCode));
const prefixed = /^\[([A-Z_]+)\] ([\s\S]*)$/;
/** How Trigger.dev's executor reports a payload its schema rejected (internal error TASK_INPUT_ERROR). */
const payloadRejected = /^TaskPayloadParsedError: Parsing payload with schema failed: (\[[\s\S]*\])$/;

/** The zod issues of a TASK_INPUT_ERROR, as our ValidationError (INVALID_INPUT, one issue per bad field). */
function payloadValidationError(message: string | undefined): ValidationError | undefined {
  const match = message ? payloadRejected.exec(message) : null;
  if (!match) return undefined;
  try {
    const issues = JSON.parse(match[1]!) as Array<{ path?: unknown[]; message?: string; code?: string }>;
    return new ValidationError(
      'payload',
      issues.map((issue) => ({
        path: (issue.path ?? []).map(String).join('.'),
        message: String(issue.message ?? ''),
        code: String(issue.code ?? 'custom'),
      })),
    );
  } catch {
    return undefined;
  }
}

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
  const rejected = payloadValidationError(message);
  if (rejected) return rejected;
  const match = message ? prefixed.exec(message) : null;
  if (match && codes.has(match[1]!)) {
    const code = match[1] as ErrorCode;
    const details = error instanceof DatataskError ? error.details : undefined;
    return new DatataskError(code, match[2]!, { cause: error, ...(details ? { details } : {}) });
  }
  return toDatataskError(error);
}
