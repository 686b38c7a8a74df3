import { describe, expect, it } from 'vitest';
import { createFakeClock } from '../../src/core/fake-clock.js';
import { type ScheduledPayload, schedules, startCronTimer } from '../../src/core/schedules.js';

describe('schedules', () => {
  it('defines a scheduled task with its cron and the scheduled payload schema', () => {
    const task = schedules.task({ id: 'h1-nightly', cron: '0 2 * * *', timezone: 'Europe/Paris', run: async () => 1 });
    expect(task.kind).toBe('datatasks.task');
    expect(task.schedule).toEqual({ cron: '0 2 * * *', timezone: 'Europe/Paris' });
    expect(Object.isFrozen(task)).toBe(true);
    expect(
      task.schema.safeParse({ timestamp: new Date(), timezone: 'UTC', scheduleId: 's', upcoming: [] }).success,
    ).toBe(true);
  });

  it('rejects an invalid pattern or time zone at definition time', () => {
    expect(() => schedules.task({ id: 'h1-bad', cron: 'every day', run: async () => 1 })).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT' }),
    );
    expect(() =>
      schedules.task({ id: 'h1-bad-tz', cron: '* * * * *', timezone: 'Mars/Olympus', run: async () => 1 }),
    ).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });

  it('fires on the clock at each match, never twice for one time, until stopped', async () => {
    const clock = createFakeClock({ start: Date.parse('2026-01-01T00:00:00.000Z'), autoAdvance: false });
    const ticks: ScheduledPayload[] = [];
    const timer = startCronTimer(clock, 'h1-sched', { cron: '*/2 * * * * *' }, (payload) => ticks.push(payload));
    expect(timer.nextRun()?.toISOString()).toBe('2026-01-01T00:00:02.000Z');
    await clock.advance(6_000);
    expect(ticks.map((tick) => tick.timestamp.toISOString())).toEqual([
      '2026-01-01T00:00:02.000Z',
      '2026-01-01T00:00:04.000Z',
      '2026-01-01T00:00:06.000Z',
    ]);
    expect(ticks[1]).toMatchObject({ scheduleId: 'h1-sched', timezone: 'UTC' });
    expect(ticks[1]!.lastTimestamp?.toISOString()).toBe('2026-01-01T00:00:02.000Z');
    expect(ticks[1]!.upcoming.map((date) => date.toISOString()).slice(0, 2)).toEqual([
      '2026-01-01T00:00:06.000Z',
      '2026-01-01T00:00:08.000Z',
    ]);
    timer.stop();
    await clock.advance(10_000);
    expect(ticks).toHaveLength(3);
    expect(timer.nextRun()).toBeUndefined();
  });
});
