import { describe, expect, it } from 'vitest';
import { createFakeClock } from '../../src/core/fake-clock.js';
import { createIdempotencyCache } from '../../src/core/idempotency.js';

describe('idempotency cache', () => {
  it('keeps a key per task id for its TTL (24h by default) and forgets it on request', async () => {
    const clock = createFakeClock({ start: 0, autoAdvance: false });
    const cache = createIdempotencyCache<string>(clock);
    cache.set('task-a', 'k', 'run-1', 10);
    cache.set('task-b', 'k', 'run-2');
    expect(cache.get('task-a', 'k')).toBe('run-1');
    expect(cache.get('task-b', 'k')).toBe('run-2');
    await clock.advance(9_999);
    expect(cache.get('task-a', 'k')).toBe('run-1');
    await clock.advance(1);
    expect(cache.get('task-a', 'k')).toBeUndefined();
    cache.forget('task-b', 'k', 'other-run');
    expect(cache.get('task-b', 'k')).toBe('run-2');
    cache.forget('task-b', 'k', 'run-2');
    expect(cache.get('task-b', 'k')).toBeUndefined();
    cache.set('task-b', 'k2', 'run-3');
    await clock.advance(86_400_000 - 1);
    expect(cache.get('task-b', 'k2')).toBe('run-3');
    await clock.advance(1);
    expect(cache.get('task-b', 'k2')).toBeUndefined();
  });
});
