import { describe, expect, it } from 'vitest';
import { createFakeClock } from '../../src/core/fake-clock.js';
import { createTokenRegistry } from '../../src/core/wait-tokens.js';

describe('wait tokens', () => {
  it('completes once, delivers the output to late waiters, and ignores a second completion', async () => {
    const tokens = createTokenRegistry(createFakeClock({ autoAdvance: false }), 't');
    const token = tokens.create();
    const waiting = tokens.wait(token.id);
    tokens.complete(token.id, { value: 1 });
    tokens.complete(token.id, { value: 2 });
    expect(await waiting).toEqual({ ok: true, output: { value: 1 } });
    expect(await tokens.wait(token.id)).toEqual({ ok: true, output: { value: 1 } });
  });

  it('times out on the clock and rejects unknown ids', async () => {
    const clock = createFakeClock({ autoAdvance: false });
    const tokens = createTokenRegistry(clock, 't');
    const token = tokens.create({ timeoutInMs: 1000 });
    const waiting = tokens.wait(token.id);
    await clock.advance(1000);
    const outcome = await waiting;
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.error.code).toBe('TIMEOUT');
    expect(() => tokens.complete('waitpoint_unknown')).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });

  it('stops waiting when the signal aborts, leaving the token usable', async () => {
    const tokens = createTokenRegistry(createFakeClock({ autoAdvance: false }), 't');
    const token = tokens.create();
    const controller = new AbortController();
    const waiting = tokens.wait(token.id, controller.signal);
    controller.abort(new Error('gone'));
    await expect(waiting).rejects.toMatchObject({ code: 'ABORTED' });
    tokens.complete(token.id, 'late');
    expect(await tokens.wait(token.id)).toEqual({ ok: true, output: 'late' });
  });
});
