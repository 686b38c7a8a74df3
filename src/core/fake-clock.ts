import type { CancelTimer, Clock, TimerOptions } from './clock.js';

export interface FakeClockOptions {
  /** Start time in ms since the epoch. @default Date.now() at creation */
  start?: number;
  /**
   * When a wait or retry delay is pending, move time to it on the next macrotask, so awaiting a run finishes at
   * once. Background timers (schedules, maxDuration) fire on the way but never make time move by themselves.
   * @default true
   */
  autoAdvance?: boolean;
}

/** A clock whose time only moves when told (or, in auto-advance mode, when something waits on it). */
export interface FakeClock extends Clock {
  /** Moves time forward by `ms`, firing every timer due on the way in order, letting each one's follow-ups run. */
  advance(ms: number): Promise<void>;
  /** Moves time to the next pending timer and fires it; false when none is pending. */
  advanceToNextTimer(): Promise<boolean>;
  /** Timers not yet fired, background ones included. */
  pendingTimers(): number;
  setAutoAdvance(enabled: boolean): void;
}

interface FakeTimer {
  due: number;
  seq: number;
  callback: () => void;
  background: boolean;
}

/** Lets promise chains and setImmediate callbacks started by a fired timer settle. */
const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export function createFakeClock(options: FakeClockOptions = {}): FakeClock {
  let now = options.start ?? Date.now();
  let autoAdvance = options.autoAdvance ?? true;
  let seq = 0;
  let busy = false;
  let autoScheduled = false;
  const timers = new Set<FakeTimer>();

  const earliest = (foregroundOnly: boolean): FakeTimer | undefined => {
    let best: FakeTimer | undefined;
    for (const timer of timers) {
      if (foregroundOnly && timer.background) continue;
      if (!best || timer.due < best.due || (timer.due === best.due && timer.seq < best.seq)) best = timer;
    }
    return best;
  };

  const fire = (timer: FakeTimer): void => {
    timers.delete(timer);
    if (timer.due > now) now = timer.due;
    timer.callback();
  };

  const advanceTo = async (target: number): Promise<void> => {
    // Work already under way (e.g. a run that just started) schedules its timers before time moves.
    await flush();
    for (let next = earliest(false); next && next.due <= target; next = earliest(false)) {
      fire(next);
      await flush();
    }
    if (target > now) now = target;
  };

  /** Runs exclusively so a manual advance and the auto-advance never interleave. */
  const exclusive = async <T>(work: () => Promise<T>): Promise<T> => {
    while (busy) await flush();
    busy = true;
    try {
      return await work();
    } finally {
      busy = false;
    }
  };

  const scheduleAutoAdvance = (): void => {
    if (!autoAdvance || autoScheduled) return;
    autoScheduled = true;
    setImmediate(() => {
      autoScheduled = false;
      const next = earliest(true);
      if (!next) return;
      void exclusive(() => advanceTo(next.due)).then(scheduleAutoAdvance);
    });
  };

  const setTimer = (ms: number, callback: () => void, timerOptions?: TimerOptions): CancelTimer => {
    const timer: FakeTimer = {
      due: now + Math.max(0, ms),
      seq: seq++,
      callback,
      background: timerOptions?.background ?? false,
    };
    timers.add(timer);
    if (!timer.background) scheduleAutoAdvance();
    return () => {
      timers.delete(timer);
    };
  };

  return {
    now: () => now,
    setTimer,
    advance: (ms) => exclusive(() => advanceTo(now + Math.max(0, ms))),
    advanceToNextTimer: () =>
      exclusive(async () => {
        const next = earliest(false);
        if (!next) return false;
        await advanceTo(next.due);
        return true;
      }),
    pendingTimers: () => timers.size,
    setAutoAdvance: (enabled) => {
      autoAdvance = enabled;
      if (enabled && earliest(true)) scheduleAutoAdvance();
    },
  };
}
