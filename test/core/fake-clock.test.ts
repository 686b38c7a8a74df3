import { describe, expect, it } from 'vitest';
import { sleep } from '../../src/core/clock.js';
import { createFakeClock } from '../../src/core/fake-clock.js';

describe('fake clock', () => {
  it('fires timers in due order when advanced, including timers scheduled by fired ones', async () => {
    const clock = createFakeClock({ start: 0, autoAdvance: false });
    const fired: Array<[string, number]> = [];
    clock.setTimer(300, () => fired.push(['c', clock.now()]));
    clock.setTimer(100, () => {
      fired.push(['a', clock.now()]);
      clock.setTimer(50, () => fired.push(['a+50', clock.now()]));
    });
    clock.setTimer(100, () => fired.push(['b', clock.now()]));
    await clock.advance(200);
    expect(fired).toEqual([
      ['a', 100],
      ['b', 100],
      ['a+50', 150],
    ]);
    expect(clock.now()).toBe(200);
    expect(clock.pendingTimers()).toBe(1);
    expect(await clock.advanceToNextTimer()).toBe(true);
    expect(fired.at(-1)).toEqual(['c', 300]);
    expect(await clock.advanceToNextTimer()).toBe(false);
  });

  it('cancels timers', async () => {
    const clock = createFakeClock({ start: 0, autoAdvance: false });
    let fired = false;
    const cancel = clock.setTimer(10, () => {
      fired = true;
    });
    cancel();
    await clock.advance(100);
    expect(fired).toBe(false);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('auto-advances to pending foreground timers but never because of background ones alone', async () => {
    const clock = createFakeClock({ start: 1000 });
    let background = false;
    clock.setTimer(50, () => (background = true), { background: true });
    await sleep(clock, 10_000);
    expect(clock.now()).toBe(11_000);
    expect(background).toBe(true); // fired on the way
    clock.setTimer(5, () => {}, { background: true });
    for (let i = 0; i < 10; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(clock.now()).toBe(11_000);
    expect(clock.pendingTimers()).toBe(1);
  });

  it('can switch auto-advance on later', async () => {
    const clock = createFakeClock({ start: 0, autoAdvance: false });
    const done = sleep(clock, 500);
    clock.setAutoAdvance(true);
    await done;
    expect(clock.now()).toBe(500);
  });

  it('rejects a sleep when its signal aborts, with the reason', async () => {
    const clock = createFakeClock({ start: 0, autoAdvance: false });
    const controller = new AbortController();
    const sleeping = sleep(clock, 1000, controller.signal);
    controller.abort(new Error('stop'));
    await expect(sleeping).rejects.toMatchObject({ code: 'ABORTED', message: 'stop' });
    expect(clock.pendingTimers()).toBe(0);
    await expect(sleep(clock, 1000, controller.signal)).rejects.toMatchObject({ code: 'ABORTED' });
  });
});
