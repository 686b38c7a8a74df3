import type { Logger, WaitApi } from '../../core/context.js';
import { DatataskError, ErrorCode, isDatataskError, throwIfAborted } from '../../core/errors.js';

export interface ModelRetryOptions {
  signal: AbortSignal;
  wait: WaitApi;
  logger: Logger;
  /** Retries after the first call. */
  retries: number;
  /** Longest single wait; a retry-after beyond it ends the retries. */
  maxDelayMs: number;
  /** Called before each retry (usage accounting). */
  onRetry?: () => void;
}

const baseDelayMs = 1000;

/** Seconds or an HTTP date in `retry-after`, or `retry-after-ms`, from the SDK error's response headers. */
export function retryAfterMs(error: unknown): number | undefined {
  const cause = isDatataskError(error) ? error.cause : error;
  const headers = (cause as { headers?: unknown } | undefined)?.headers;
  const read = (name: string): string | null | undefined => {
    if (!headers) return undefined;
    if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name);
    return (headers as Record<string, string | undefined>)[name];
  };
  const ms = Number(read('retry-after-ms'));
  if (read('retry-after-ms') && Number.isFinite(ms) && ms >= 0) return ms;
  const value = read('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** Overload (529), rate limits (429), 408, 5xx and connection resets; not bad requests, keys or refusals. */
export function isTransientModelError(error: unknown): boolean {
  if (!isDatataskError(error)) return false;
  return error.code === ErrorCode.MODEL_OVERLOADED || (error.code === ErrorCode.MODEL_ERROR && error.retriable);
}

/**
 * Runs one model call, retrying transient failures inside the turn (exponential backoff with jitter, or the
 * server's retry-after), so the conversation and the catalogs already read survive an overload. When the retries
 * are spent, or the server asks for a longer wait than `maxDelayMs`, the last error goes to the task's retry policy.
 */
export async function withModelRetries<T>(call: () => Promise<T>, options: ModelRetryOptions): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      throwIfAborted(options.signal);
      if (!isTransientModelError(error) || attempt >= options.retries) throw error;
      const asked = retryAfterMs(error);
      if (asked !== undefined && asked > options.maxDelayMs) {
        throw new DatataskError(
          (error as DatataskError).code,
          `${(error as Error).message} (the API asks to wait ${Math.ceil(asked / 1000)} s, more than maxRetryDelayMs)`,
          { cause: error, retriable: true },
        );
      }
      const backoff = Math.min(options.maxDelayMs, baseDelayMs * 2 ** attempt * (1 + Math.random()));
      const delay = asked ?? backoff;
      options.logger.warn('model call failed, retrying in the same turn', {
        code: (error as DatataskError).code,
        retry: attempt + 1,
        delayMs: Math.round(delay),
      });
      options.onRetry?.();
      if (delay > 0) await options.wait.for({ ms: delay });
    }
  }
}
