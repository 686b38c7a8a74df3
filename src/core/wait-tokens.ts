import { abortReason, type CancelTimer, type Clock } from './clock.js';
import type { WaitToken } from './context.js';
import { DatataskError, ErrorCode, TimeoutError } from './errors.js';

export type TokenOutcome<T = unknown> = { ok: true; output: T } | { ok: false; error: DatataskError };

interface TokenEntry {
  id: string;
  outcome: Promise<TokenOutcome>;
  settle: (outcome: TokenOutcome) => void;
  settled: boolean;
  cancelTimeout: CancelTimer | undefined;
}

/** Wait tokens of one runner: `ctx.wait.createToken` makes them, `runner.completeToken` completes them. */
export interface TokenRegistry {
  create(options?: { timeoutInMs?: number; idempotencyKey?: string }): WaitToken;
  /** Completes a token; completing one that already ended (completed or timed out) does nothing. */
  complete(tokenId: string, output?: unknown): void;
  /** Resolves with the token's outcome; rejects with the signal's reason if it aborts first. */
  wait<T>(tokenId: string, signal?: AbortSignal): Promise<TokenOutcome<T>>;
  /** Cancels the timeouts of every token (the runner is closing). */
  dispose(): void;
}

export function createTokenRegistry(clock: Clock, prefix: string): TokenRegistry {
  const tokens = new Map<string, TokenEntry>();
  const byIdempotencyKey = new Map<string, string>();
  let counter = 0;

  const find = (tokenId: string): TokenEntry => {
    const entry = tokens.get(tokenId);
    if (!entry) throw new DatataskError(ErrorCode.INVALID_INPUT, `Unknown wait token "${tokenId}"`);
    return entry;
  };

  return {
    create(options = {}) {
      const known = options.idempotencyKey === undefined ? undefined : byIdempotencyKey.get(options.idempotencyKey);
      if (known) return { id: known };
      const id = `waitpoint_${prefix}${(++counter).toString(36)}`;
      let settle!: (outcome: TokenOutcome) => void;
      const outcome = new Promise<TokenOutcome>((resolve) => {
        settle = resolve;
      });
      const entry: TokenEntry = { id, outcome, settle, settled: false, cancelTimeout: undefined };
      entry.settle = (value) => {
        if (entry.settled) return;
        entry.settled = true;
        entry.cancelTimeout?.();
        settle(value);
      };
      const timeoutInMs = options.timeoutInMs;
      if (timeoutInMs !== undefined) {
        entry.cancelTimeout = clock.setTimer(timeoutInMs, () =>
          entry.settle({ ok: false, error: new TimeoutError(`Wait token ${id} timed out after ${timeoutInMs} ms`) }),
        );
      }
      tokens.set(id, entry);
      if (options.idempotencyKey !== undefined) byIdempotencyKey.set(options.idempotencyKey, id);
      return { id };
    },
    complete(tokenId, output) {
      find(tokenId).settle({ ok: true, output });
    },
    wait<T>(tokenId: string, signal?: AbortSignal): Promise<TokenOutcome<T>> {
      const entry = find(tokenId);
      const outcome = entry.outcome as Promise<TokenOutcome<T>>;
      if (!signal || entry.settled) return outcome;
      if (signal.aborted) return Promise.reject(abortReason(signal));
      return new Promise<TokenOutcome<T>>((resolve, reject) => {
        const onAbort = (): void => reject(abortReason(signal));
        signal.addEventListener('abort', onAbort, { once: true });
        outcome.then((value) => {
          signal.removeEventListener('abort', onAbort);
          resolve(value);
        });
      });
    },
    dispose() {
      for (const entry of tokens.values()) entry.cancelTimeout?.();
    },
  };
}
