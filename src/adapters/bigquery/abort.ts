import { AbortError, DatataskError, TimeoutError } from '../../core/errors.js';

/** A signal that fires when the caller aborts or the timer runs out, with a typed reason; `dispose` in `finally`. */
export interface Deadline {
  signal: AbortSignal;
  /** Milliseconds left before the timer fires (never below 1). */
  remainingMs(): number;
  dispose(): void;
}

export function createDeadline(outer: AbortSignal | undefined, timeoutMs: number, what: string): Deadline {
  const controller = new AbortController();
  const endsAt = Date.now() + timeoutMs;
  const onAbort = () => {
    const reason: unknown = outer?.reason;
    controller.abort(
      reason instanceof DatataskError ? reason : new AbortError(`${what} was aborted`, { cause: reason }),
    );
  };
  if (outer?.aborted) onAbort();
  else outer?.addEventListener('abort', onAbort, { once: true });
  const timer = Number.isFinite(timeoutMs)
    ? setTimeout(() => controller.abort(new TimeoutError(`${what} did not finish within ${timeoutMs} ms`)), timeoutMs)
    : undefined;
  return {
    signal: controller.signal,
    remainingMs: () => Math.max(1, endsAt - Date.now()),
    dispose: () => {
      if (timer) clearTimeout(timer);
      outer?.removeEventListener('abort', onAbort);
    },
  };
}

/** Settles with `promise`, or rejects with the signal's reason as soon as it aborts (the promise is left to finish). */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => undefined);
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
