import { TimeoutError } from '../../core/errors.js';

/**
 * Our side of maxDuration on Trigger.dev. The platform measures an attempt's time outside waits and kills the
 * process at maxDuration without running cleanup, onFailure or onComplete; we fire earlier by this margin, so those
 * hooks get the rest: 10% of maxDuration, at least 1 s and at most 30 s (maxDuration 5 s -> 4 s, 300 s -> 270 s).
 */
export function maxDurationMarginMs(maxDurationSeconds: number): number {
  return Math.min(30_000, Math.max(1_000, maxDurationSeconds * 100));
}

/** A deadline over the time outside waits (paused while the run waits, as the platform does). */
export class AttemptDeadline {
  private readonly controller = new AbortController();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private remainingMs: number;
  private startedAt = 0;
  private pauses = 0;
  private rejectExpired: ((error: TimeoutError) => void) | undefined;
  /** Rejects with TIMEOUT when the deadline passes; never settles otherwise. */
  readonly expired: Promise<never>;

  constructor(
    limitMs: number,
    private readonly describe: string,
  ) {
    this.remainingMs = limitMs;
    this.expired = new Promise<never>((_resolve, reject) => {
      this.rejectExpired = reject;
    });
    this.expired.catch(() => undefined);
    this.start();
  }

  /** Aborted with the TimeoutError at the deadline. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  private start(): void {
    this.startedAt = Date.now();
    this.timer = setTimeout(() => this.expire(), Math.max(0, this.remainingMs));
    // The deadline alone must not keep a worker process alive.
    this.timer.unref?.();
  }

  private expire(): void {
    this.timer = undefined;
    const error = new TimeoutError(this.describe);
    this.controller.abort(error);
    this.rejectExpired?.(error);
  }

  /** While the run waits (its time does not count). Nested waits are counted. */
  pause(): void {
    if (this.pauses++ > 0 || !this.timer || this.controller.signal.aborted) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.remainingMs -= Date.now() - this.startedAt;
  }

  resume(): void {
    if (this.pauses === 0 || --this.pauses > 0 || this.controller.signal.aborted || this.timer) return;
    this.start();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.pauses = Number.POSITIVE_INFINITY;
  }
}
