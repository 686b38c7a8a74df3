import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { schedules } from '../../src/core/schedules.js';
import { defineTask } from '../../src/core/task.js';
import { createTestRunner, type TestRunner } from '../../src/runners/testing/index.js';
import { describeRunnerBehaviour } from './runner-behaviour.js';
import { flakyTask } from './runner-behaviour-tasks.js';

describeRunnerBehaviour('testing runner', () => createTestRunner());

const start = Date.parse('2026-03-01T12:00:00.000Z');

describe('testing runner', () => {
  const runners: TestRunner[] = [];
  const make = (...args: Parameters<typeof createTestRunner>) => {
    const runner = createTestRunner({ start, ...args[0] });
    runners.push(runner);
    return runner;
  };
  afterEach(async () => {
    await Promise.all(runners.splice(0).map((runner) => runner.close({ abortRuns: true })));
  });

  const backoff = defineTask({
    id: 'h1-testing-backoff',
    schema: z.object({ succeedOn: z.number() }),
    retry: { maxAttempts: 3, factor: 2, minTimeoutInMs: 1000, maxTimeoutInMs: 60_000 },
    run: async ({ succeedOn }, ctx) => {
      if (ctx.attempt < succeedOn) throw new Error(`attempt ${ctx.attempt} failed`);
      return ctx.attempt;
    },
    onStart: () => {},
    cleanup: () => {},
    onFailure: () => {},
    onComplete: () => {},
  });

  it('retries with the exact exponential delays on the fake clock, instantly', async () => {
    const runner = make();
    const result = await runner.triggerAndWait(backoff, { succeedOn: 99 });
    expect(result.ok).toBe(false);
    const [run] = runner.runs;
    expect(run).toMatchObject({ id: result.id, status: 'failed', attempts: 3, retryDelays: [1000, 2000] });
    expect(run!.attemptErrors.map((error) => error.message)).toEqual([
      'attempt 1 failed',
      'attempt 2 failed',
      'attempt 3 failed',
    ]);
    expect(runner.clock.now() - start).toBe(3000);
    expect(run!.durationMs).toBe(3000);
    expect(run!.hookCalls).toEqual([
      { hook: 'onStart', attempt: 1 },
      { hook: 'run', attempt: 1 },
      { hook: 'cleanup', attempt: 1 },
      { hook: 'onStart', attempt: 2 },
      { hook: 'run', attempt: 2 },
      { hook: 'cleanup', attempt: 2 },
      { hook: 'onStart', attempt: 3 },
      { hook: 'run', attempt: 3 },
      { hook: 'onFailure', attempt: 3 },
      { hook: 'onComplete', attempt: 3 },
      { hook: 'cleanup', attempt: 3 },
    ]);
  });

  it('applies jitter from the random option and caps delays at maxTimeoutInMs', async () => {
    const runner = make({ random: () => 0.5 });
    const capped = defineTask({
      id: 'h1-testing-capped',
      schema: z.object({}),
      retry: { maxAttempts: 4, factor: 10, minTimeoutInMs: 1000, maxTimeoutInMs: 20_000, randomize: true },
      run: async () => {
        throw new Error('always');
      },
    });
    await runner.triggerAndWait(capped, {});
    expect(runner.runs[0]!.retryDelays).toEqual([1500, 15_000, 20_000]);
  });

  it('moves time only when told in manual mode', async () => {
    const runner = make({ autoAdvance: false });
    const handle = await runner.trigger(backoff, { succeedOn: 2 });
    let done = false;
    void handle.result().then(() => {
      done = true;
    });
    await runner.clock.advance(999);
    expect(done).toBe(false);
    expect(runner.run(handle.id)).toMatchObject({ status: 'running', attempts: 1, retryDelays: [1000] });
    await runner.clock.advance(1);
    expect((await handle.result()).unwrap()).toBe(2);
    expect(runner.runs[0]!.attempts).toBe(2);
  });

  it('lets catchError choose the retry delay (retryDelayInMs and retryAt)', async () => {
    const runner = make();
    const task = defineTask({
      id: 'h1-testing-catch-error',
      schema: z.object({}),
      retry: { maxAttempts: 3, minTimeoutInMs: 1000, randomize: false },
      run: async (_payload, ctx) => {
        if (ctx.attempt < 3) throw new Error('not yet');
        return 'ok';
      },
      catchError: ({ ctx, retryAt }) => {
        if (ctx.attempt === 1) return { retryDelayInMs: 5000 };
        return { retryAt: new Date(retryAt!.getTime() + 10_000) };
      },
    });
    expect((await runner.triggerAndWait(task, {})).unwrap()).toBe('ok');
    expect(runner.runs[0]!.retryDelays).toEqual([5000, 12_000]);
    expect(runner.runs[0]!.hookCalls.filter((call) => call.hook === 'catchError')).toHaveLength(2);
  });

  it('records logs and metadata per run', async () => {
    const runner = make();
    const task = defineTask({
      id: 'h1-testing-records',
      schema: z.object({ password: z.string() }),
      run: async ({ password }, ctx) => {
        ctx.metadata.set('step', 'one').set('secret', password);
        ctx.logger.warn('careful', { password });
      },
    });
    await runner.triggerAndWait(task, { password: 'h1-record-secret' });
    const [run] = runner.runsOf(task);
    expect(run!.metadata).toEqual({ step: 'one', secret: '[REDACTED]' });
    expect(run!.metadataHistory).toHaveLength(2);
    expect(run!.logs).toMatchObject([{ level: 'warn', message: 'careful', fields: { password: '[REDACTED]' } }]);
    expect(run!.logs[0]!.time).toBe(start);
  });

  it('forgets an idempotency key after its TTL, on the fake clock', async () => {
    const runner = make();
    const first = await runner.triggerAndWait(
      flakyTask,
      { succeedOn: 1 },
      { idempotencyKey: 'k', idempotencyKeyTTL: 60 },
    );
    await runner.clock.advance(59_999);
    const within = await runner.trigger(flakyTask, { succeedOn: 1 }, { idempotencyKey: 'k', idempotencyKeyTTL: 60 });
    expect(within.id).toBe(first.id);
    await runner.clock.advance(1);
    const after = await runner.trigger(flakyTask, { succeedOn: 1 }, { idempotencyKey: 'k' });
    expect(after.id).not.toBe(first.id);
    // The default TTL is 24 hours.
    await runner.clock.advance(86_399_000);
    expect((await runner.trigger(flakyTask, { succeedOn: 1 }, { idempotencyKey: 'k' })).id).toBe(after.id);
    await runner.clock.advance(1000);
    expect((await runner.trigger(flakyTask, { succeedOn: 1 }, { idempotencyKey: 'k' })).id).not.toBe(after.id);
  });

  it('waits for durations and dates on the fake clock', async () => {
    const runner = make();
    const task = defineTask({
      id: 'h1-testing-waits',
      schema: z.object({}),
      run: async (_payload, ctx) => {
        await ctx.wait.for({ hours: 2, minutes: 30 });
        const afterFor = runner.clock.now();
        await ctx.wait.until({ date: new Date(afterFor + 1000) });
        await ctx.wait.until({ date: new Date(0) }); // a past date does not wait
        return [afterFor - start, runner.clock.now() - start];
      },
    });
    expect((await runner.triggerAndWait(task, {})).unwrap()).toEqual([9_000_000, 9_001_000]);
  });

  it('times out a token wait with TIMEOUT and completes tokens by idempotency key', async () => {
    const runner = make();
    const task = defineTask({
      id: 'h1-testing-token-timeout',
      schema: z.object({}),
      run: async (_payload, ctx) => {
        const token = await ctx.wait.createToken({ timeoutInMs: 30_000, idempotencyKey: 'approval' });
        const same = await ctx.wait.createToken({ idempotencyKey: 'approval' });
        const outcome = await ctx.wait.forToken(same.id);
        return { same: same.id === token.id, ok: outcome.ok, code: outcome.ok ? null : outcome.error.code };
      },
    });
    expect((await runner.triggerAndWait(task, {})).unwrap()).toEqual({ same: true, ok: false, code: 'TIMEOUT' });
    expect(runner.clock.now() - start).toBe(30_000);
  });

  it('never runs more than `concurrency` runs at once in a batch', async () => {
    const runner = make({ concurrency: 3 });
    let active = 0;
    let peak = 0;
    const task = defineTask({
      id: 'h1-testing-bounded',
      schema: z.object({ n: z.number() }),
      run: async ({ n }) => {
        active++;
        peak = Math.max(peak, active);
        for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
        active--;
        return n;
      },
    });
    const results = await runner.batchTriggerAndWait(
      task,
      Array.from({ length: 10 }, (_, n) => ({ payload: { n } })),
    );
    expect(results.map((result) => result.unwrap())).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(peak).toBe(3);
  });

  it('fires a cron schedule every second as the fake clock advances, and stops on close', async () => {
    const runner = make({ start: Date.parse('2026-03-01T12:00:00.500Z') });
    const everySecond = schedules.task({
      id: 'h1-testing-cron',
      cron: '* * * * * *',
      run: async (payload) => payload,
    });
    const timer = runner.schedule(everySecond, { cron: everySecond.schedule.cron, id: 'h1-every-second' });
    await runner.clock.advance(3000);
    await runner.idle();
    const stamps = runner.runs.map((run) => (run.payload as { timestamp: Date }).timestamp.toISOString());
    expect(stamps).toEqual(['2026-03-01T12:00:01.000Z', '2026-03-01T12:00:02.000Z', '2026-03-01T12:00:03.000Z']);
    const second = runner.runs[1]!.result!.unwrap() as { lastTimestamp: Date; scheduleId: string; upcoming: Date[] };
    expect(second.lastTimestamp.toISOString()).toBe('2026-03-01T12:00:01.000Z');
    expect(second.scheduleId).toBe('h1-every-second');
    expect(second.upcoming[0]!.toISOString()).toBe('2026-03-01T12:00:03.000Z');
    await runner.close();
    expect(timer.nextRun()).toBeUndefined();
    await runner.clock.advance(5000);
    expect(runner.runs).toHaveLength(3);
  });

  it('fires a daily schedule in its time zone', async () => {
    const runner = make({ start: Date.parse('2026-07-01T00:00:00Z') });
    const daily = schedules.task({
      id: 'h1-testing-daily',
      cron: '0 9 * * *',
      timezone: 'America/New_York',
      run: async () => 1,
    });
    runner.schedule(daily, daily.schedule);
    await runner.clock.advance(24 * 3_600_000);
    expect(runner.runs.map((run) => (run.payload as { timestamp: Date }).timestamp.toISOString())).toEqual([
      '2026-07-01T13:00:00.000Z',
    ]);
  });

  it('times out with maxDuration while the run waits, before the wait ends', async () => {
    const runner = make();
    const task = defineTask({
      id: 'h1-testing-max-duration',
      schema: z.object({}),
      maxDuration: 30,
      run: async (_payload, ctx) => {
        await ctx.wait.for({ minutes: 5 });
      },
    });
    const result = await runner.triggerAndWait(task, {});
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toContain('maxDuration of 30s');
    expect(runner.clock.now() - start).toBe(30_000);
  });

  it('does not move time for a maxDuration alone while the run does real I/O', async () => {
    const runner = make();
    const task = defineTask({
      id: 'h1-testing-real-io',
      schema: z.object({}),
      maxDuration: 1,
      run: async () => {
        await new Promise((resolve) => setTimeout(resolve, 20)); // real time, not the fake clock
        return 'done';
      },
    });
    expect((await runner.triggerAndWait(task, {})).unwrap()).toBe('done');
    expect(runner.clock.now()).toBe(start);
  });
});
