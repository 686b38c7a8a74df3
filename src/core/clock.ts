import { AbortError, DatataskError } from './errors.js';

/** Cancels a timer; calling it twice is harmless. */
export type CancelTimer = () => void;

export interface TimerOptions {
  /**
   * A background timer (a schedule, a run's maxDuration) fires when time passes but never makes a fake clock's
   * auto-advance move time forward by itself: only waits and retry delays do.
   */
  background?: boolean;
}

/** The time source of a runner: the system clock in production, a fake clock in unit tests. */
export interface Clock {
  now(): number;
  setTimer(ms: number, callback: () => void, options?: TimerOptions): CancelTimer;
}

/** setTimeout overflows above 2^31 - 1 ms (about 24.8 days); longer waits are chained. */
const maxTimeoutMs = 2 ** 31 - 1;

export function createSystemClock(): Clock {
  const setTimer = (ms: number, callback: () => void): CancelTimer => {
    let cancelled = false;
    let handle: NodeJS.Timeout | undefined;
    const arm = (remaining: number): void => {
      const step = Math.min(Math.max(0, remaining), maxTimeoutMs);
      handle = setTimeout(() => {
        if (cancelled) return;
        if (remaining > maxTimeoutMs) arm(remaining - maxTimeoutMs);
        else callback();
      }, step);
    };
    arm(ms);
    return () => {
      cancelled = true;
      if (handle) clearTimeout(handle);
    };
  };
  return { now: () => Date.now(), setTimer };
}

/** The signal's reason as a typed error (a DatataskError as it is, anything else as ABORTED). */
export function abortReason(signal: AbortSignal): DatataskError {
  const reason: unknown = signal.reason;
  if (reason instanceof DatataskError) return reason;
  return new AbortError(reason instanceof Error ? reason.message : undefined, { cause: reason });
}

/** Resolves after `ms` on the clock; rejects with the signal's reason when it aborts first. */
export function sleep(clock: Clock, ms: number, signal?: AbortSignal, options?: TimerOptions): Promise<void> {
  if (signal?.aborted) return Promise.reject(abortReason(signal));
  if (!(ms > 0)) return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    const onAbort = (): void => {
      cancel();
      reject(abortReason(signal!));
    };
    const cancel = clock.setTimer(
      ms,
      () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      },
      options,
    );
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
