import type { CatalogWarning } from '../../catalog/model.js';
import { type DatataskError, ErrorCode, isDatataskError } from '../../core/errors.js';

/**
 * The one rule for optional catalog parts (constraints, indexes, partitions, statistics, comments, field values):
 * a part the credentials may not read, or that this server version cannot answer, becomes a warning and the catalog
 * is still returned. Anything else (a lost connection, a timeout, an abort, bad credentials) fails the introspection,
 * so it is retried rather than reported as a success with a partial catalog.
 */
const warningCodes: ReadonlySet<string> = new Set([
  ErrorCode.PERMISSION_DENIED,
  ErrorCode.QUERY_FAILED,
  ErrorCode.NOT_SUPPORTED,
]);

/** Whether a typed error reading an optional part becomes a warning (true) or fails the introspection. */
export const isWarningForOptionalPart = (error: DatataskError): boolean => warningCodes.has(error.code);

/** The rule for an error that may not be typed yet: fatal when aborted, untyped, or not a warning-class code. */
export const isFatalForOptionalPart = (error: unknown, signal?: AbortSignal): boolean =>
  Boolean(signal?.aborted) || !isDatataskError(error) || !isWarningForOptionalPart(error);

export interface OptionalPartContext {
  /** Where the warnings go. */
  warnings: CatalogWarning[];
  /** Maps a driver error to the engine's typed error, e.g. `pool.classify(error, 'reading indexes')`. */
  classify(error: unknown, doing: string): DatataskError;
  signal?: AbortSignal | undefined;
}

/**
 * Records the failure of an optional part (or of one table within it, e.g. a column sample) as a warning under
 * `scope`, or rethrows it: an abort as it came, every failure the rule calls fatal typed.
 */
export function recordOptionalFailure(
  context: OptionalPartContext,
  scope: string,
  error: unknown,
  doing = `reading ${scope}`,
): void {
  if (context.signal?.aborted) throw error;
  const typed = context.classify(error, doing);
  if (!isWarningForOptionalPart(typed)) throw typed;
  context.warnings.push({ code: typed.code, message: typed.message, scope });
}

/** Reads one optional part: returns `fallback` when its failure is only a warning (see `recordOptionalFailure`). */
export async function readOptionalPart<T>(
  context: OptionalPartContext,
  scope: string,
  read: () => Promise<T>,
  fallback: T,
): Promise<T> {
  try {
    return await read();
  } catch (error) {
    recordOptionalFailure(context, scope, error);
    return fallback;
  }
}

/** `readOptionalPart` bound to one context, for an introspection that reads several parts. */
export function optionalParts(context: OptionalPartContext) {
  return <T>(scope: string, read: () => Promise<T[]>): Promise<T[]> => readOptionalPart(context, scope, read, []);
}
