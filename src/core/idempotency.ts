import type { Clock } from './clock.js';

/** Trigger.dev's default idempotency key TTL: 24 hours, in seconds. */
export const defaultIdempotencyKeyTtlSeconds = 86_400;

interface CacheEntry<T> {
  value: T;
  expiresAt: number;
}

/** Remembers the run started for an idempotency key (per task id) until the key's TTL ends on the clock. */
export interface IdempotencyCache<T> {
  get(taskId: string, key: string): T | undefined;
  set(taskId: string, key: string, value: T, ttlSeconds?: number): void;
  /** Forgets the key if it still points at `value` (a failed run must not be returned again). */
  forget(taskId: string, key: string, value: T): void;
}

export function createIdempotencyCache<T>(clock: Clock): IdempotencyCache<T> {
  const entries = new Map<string, CacheEntry<T>>();
  // A NUL cannot occur in a task id, so the joined key is unambiguous.
  const keyOf = (taskId: string, key: string): string => `${taskId}\u0000${key}`;

  const pruneExpired = (now: number): void => {
    for (const [key, entry] of entries) if (entry.expiresAt <= now) entries.delete(key);
  };

  return {
    get(taskId, key) {
      const entry = entries.get(keyOf(taskId, key));
      if (!entry) return undefined;
      if (entry.expiresAt > clock.now()) return entry.value;
      entries.delete(keyOf(taskId, key));
      return undefined;
    },
    set(taskId, key, value, ttlSeconds = defaultIdempotencyKeyTtlSeconds) {
      const now = clock.now();
      // Keeps the map from growing without bound in a long-lived process.
      if (entries.size > 0 && entries.size % 1024 === 0) pruneExpired(now);
      entries.set(keyOf(taskId, key), { value, expiresAt: now + ttlSeconds * 1000 });
    },
    forget(taskId, key, value) {
      const id = keyOf(taskId, key);
      if (entries.get(id)?.value === value) entries.delete(id);
    },
  };
}
