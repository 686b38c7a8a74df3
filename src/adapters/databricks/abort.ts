import { AbortError, DatataskError, TimeoutError } from '../../core/errors.js';

/** The error an aborted signal stands for: its reason when typed, ABORTED otherwise. */
export function abortReason(signal: AbortSignal): DatataskError {
  const reason: unknown = signal.reason;
  if (reason instanceof DatataskError) return reason;
  return new AbortError(reason instanceof Error ? reason.message : undefined, { cause: reason });
}

/**
 * Runs `work` until it settles, or until the signal aborts or `timeoutMs` passes. Then `onStop` runs (e.g. cancel
 * the statement on the server) and the call rejects at once with ABORTED/TIMEOUT, without waiting for the driver.
 * Timer and listener are removed in every case.
 */
export async function withDeadline<T>(
  work: (stopped: () => boolean) => Promise<T>,
  options: { signal?: AbortSignal; timeoutMs?: number; what: string; onStop?: () => void },
): Promise<T> {
  const { signal, timeoutMs } = options;
  if (signal?.aborted) throw abortReason(signal);
  let stopError: DatataskError | undefined;
  let rejectStop: (error: DatataskError) => void = () => {};
  const stopped = new Promise<never>((_, reject) => {
    rejectStop = reject;
  });
  const stop = (error: DatataskError) => {
    if (stopError) return;
    stopError = error;
    options.onStop?.();
    rejectStop(error);
  };
  const onAbort = () => stop(abortReason(signal as AbortSignal));
  signal?.addEventListener('abort', onAbort, { once: true });
  const timer =
    timeoutMs !== undefined && Number.isFinite(timeoutMs)
      ? setTimeout(() => stop(new TimeoutError(`Databricks: ${options.what} exceeded ${timeoutMs} ms`)), timeoutMs)
      : undefined;
  const running = work(() => stopError !== undefined);
  // The driver keeps polling a cancelled statement for a moment; its late failure is expected, not unhandled.
  running.catch(() => {});
  try {
    return await Promise.race([running, stopped]);
  } catch (error) {
    throw stopError ?? error;
  } finally {
    if (timer) clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}
