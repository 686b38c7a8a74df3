import { type Clock, sleep } from './clock.js';
import type { WaitApi } from './context.js';
import { DatataskError, ErrorCode } from './errors.js';
import type { TokenRegistry } from './wait-tokens.js';

export interface WaitDependencies {
  clock: Clock;
  tokens: TokenRegistry;
  /** Aborted when the run ends early or the runner closes. */
  signal(): AbortSignal;
  /** Runs a wait without holding a concurrency slot. */
  suspend<T>(wait: () => Promise<T>): Promise<T>;
}

export function durationToMs(duration: { seconds?: number; minutes?: number; hours?: number; ms?: number }): number {
  const ms =
    (duration.ms ?? 0) +
    (duration.seconds ?? 0) * 1000 +
    (duration.minutes ?? 0) * 60_000 +
    (duration.hours ?? 0) * 3_600_000;
  if (!Number.isFinite(ms) || ms < 0) {
    throw new DatataskError(
      ErrorCode.INVALID_INPUT,
      `wait.for needs a finite, non-negative duration, got ${JSON.stringify(duration)}`,
    );
  }
  return ms;
}

/** The run's `ctx.wait`: durations and dates on the runner's clock, and wait tokens. */
export function createWaitApi(deps: WaitDependencies): WaitApi {
  const pause = (ms: number): Promise<void> =>
    ms > 0 ? deps.suspend(() => sleep(deps.clock, ms, deps.signal())) : Promise.resolve();
  return {
    for: async (duration) => pause(durationToMs(duration)),
    until: async ({ date }) => pause(date.getTime() - deps.clock.now()),
    createToken: async (options) => deps.tokens.create(options),
    forToken: async <T = unknown>(token: string | { id: string }) => {
      const id = typeof token === 'string' ? token : token.id;
      return deps.suspend(() => deps.tokens.wait<T>(id, deps.signal()));
    },
  };
}
