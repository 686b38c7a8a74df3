import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { LogRecord } from '../../src/core/context.js';
import { DatataskError } from '../../src/core/errors.js';
import { schedules } from '../../src/core/schedules.js';
import { defineTask } from '../../src/core/task.js';
import { createInProcessRunner, type InProcessRunner } from '../../src/runners/in-process/index.js';
import { describeRunnerBehaviour } from './runner-behaviour.js';
import { echoTask } from './runner-behaviour-tasks.js';

describeRunnerBehaviour('in-process runner', () => createInProcessRunner());

/** A promise the test resolves by hand, to hold runs open without timing. */
function gate<T = void>() {
  let open!: (value: T) => void;
  const promise = new Promise<T>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

describe('in-process runner', () => {
  const runners: InProcessRunner[] = [];
  const make = (...args: Parameters<typeof createInProcessRunner>) => {
    const runner = createInProcessRunner(...args);
    runners.push(runner);
    return runner;
  };
  afterEach(async () => {
    await Promise.all(runners.splice(0).map((runner) => runner.close({ abortRuns: true })));
  });

  it('rejects two different definitions with one id at creation, and later on trigger', async () => {
    const copy = defineTask({ id: echoTask.id, schema: z.object({}), run: async () => 'copy' });
    expect(() => createInProcessRunner({ tasks: [echoTask, copy] })).toThrow(
      expect.objectContaining({ code: 'DUPLICATE_TASK' }),
    );
    const runner = make({ tasks: [echoTask, echoTask] });
    await expect(runner.trigger(copy, {})).rejects.toMatchObject({ code: 'DUPLICATE_TASK' });
    // Any other definition is registered on first use.
    const fresh = defineTask({ id: 'h1-inproc-fresh', schema: z.object({}), run: async () => 'fresh' });
    expect((await runner.triggerAndWait(fresh, {})).unwrap()).toBe('fresh');
  });

  it('rejects something that is not a task definition', async () => {
    const runner = make();
    await expect(runner.trigger({ id: 'nope' } as never, {} as never)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('never runs more than `concurrency` runs at once, batches included', async () => {
    const runner = make({ concurrency: 2 });
    const release = gate();
    let active = 0;
    let peak = 0;
    const started: number[] = [];
    const task = defineTask({
      id: 'h1-inproc-bounded',
      schema: z.object({ n: z.number() }),
      run: async ({ n }) => {
        active++;
        peak = Math.max(peak, active);
        started.push(n);
        await release.promise;
        active--;
        return n;
      },
    });
    const all = runner.batchTriggerAndWait(
      task,
      [1, 2, 3, 4, 5, 6].map((n) => ({ payload: { n } })),
    );
    // Let every run that can start do so.
    for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([1, 2]);
    release.open();
    const results = await all;
    expect(results.map((result) => result.unwrap())).toEqual([1, 2, 3, 4, 5, 6]);
    expect(peak).toBe(2);
  });

  it('lets a parent wait for children in parallel without holding its slot (no deadlock at concurrency 1)', async () => {
    const runner = make({ concurrency: 1 });
    const parent = defineTask({
      id: 'h1-inproc-parent',
      schema: z.object({}),
      run: async (_payload, ctx) => {
        const [left, right] = await Promise.all([
          ctx.triggerAndWait(echoTask, { text: 'l' }),
          ctx.triggerAndWait(echoTask, { text: 'r' }),
        ]);
        const batch = await ctx.batchTriggerAndWait(echoTask, [{ payload: { text: 'b' } }]);
        return [left.unwrap().echoed, right.unwrap().echoed, batch[0]!.unwrap().echoed];
      },
    });
    expect((await runner.triggerAndWait(parent, {})).unwrap()).toEqual(['l', 'r', 'b']);
  });

  it('close() refuses new triggers, ends pending waits and waits for runs in flight', async () => {
    const runner = make();
    const release = gate();
    const busy = defineTask({
      id: 'h1-inproc-busy',
      schema: z.object({}),
      run: async () => {
        await release.promise;
        return 'finished';
      },
    });
    const waiting = defineTask({
      id: 'h1-inproc-waiting',
      schema: z.object({}),
      run: async (_payload, ctx) => {
        await ctx.wait.for({ hours: 1 });
        return 'woke up';
      },
    });
    const busyRun = await runner.trigger(busy, {});
    const waitingRun = await runner.trigger(waiting, {});
    await new Promise((resolve) => setImmediate(resolve));
    let closed = false;
    const closing = runner.close().then(() => {
      closed = true;
    });
    await expect(runner.trigger(busy, {})).rejects.toMatchObject({ code: 'RUNNER_CLOSED' });
    const waited = await waitingRun.result();
    expect(waited.ok).toBe(false);
    if (!waited.ok) expect(waited.error.code).toBe('RUNNER_CLOSED');
    expect(closed).toBe(false);
    release.open();
    await closing;
    expect(closed).toBe(true);
    expect((await busyRun.result()).unwrap()).toBe('finished');
  });

  it('close({ abortRuns: true }) aborts the signal of runs in flight, and cleanup still runs', async () => {
    const runner = make();
    const calls: string[] = [];
    const started = gate();
    const task = defineTask({
      id: 'h1-inproc-abortable',
      schema: z.object({}),
      run: async (_payload, ctx) => {
        started.open();
        await new Promise((_resolve, reject) => ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason)));
      },
      cleanup: () => void calls.push('cleanup'),
    });
    const handle = await runner.trigger(task, {});
    await started.promise;
    await runner.close({ abortRuns: true });
    const result = await handle.result();
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('RUNNER_CLOSED');
    expect(calls).toEqual(['cleanup']);
  });

  it('cancels a run when the caller aborts (ABORTED) and runs cleanup', async () => {
    const runner = make();
    const calls: string[] = [];
    const started = gate();
    const task = defineTask({
      id: 'h1-inproc-cancellable',
      schema: z.object({}),
      run: async () => {
        started.open();
        await new Promise(() => {}); // ignores its signal: the runner must still end the run
      },
      cleanup: () => void calls.push('cleanup'),
    });
    const controller = new AbortController();
    const handle = await runner.trigger(task, {}, { signal: controller.signal });
    await started.promise;
    controller.abort(new Error('user pressed stop'));
    const result = await handle.result();
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('ABORTED');
    expect(calls).toEqual(['cleanup']);
  });

  it('applies a maxDuration override from the trigger options', async () => {
    const runner = make();
    const task = defineTask({
      id: 'h1-inproc-override',
      schema: z.object({}),
      run: async (_payload, ctx) => {
        await ctx.wait.for({ hours: 1 });
      },
    });
    const result = await runner.triggerAndWait(task, {}, { maxDuration: 0.02 });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('TIMEOUT');
  });

  it('sends every log record to the logger option, redacted', async () => {
    const records: LogRecord[] = [];
    const runner = make({ logger: (record) => records.push(record) });
    const task = defineTask({
      id: 'h1-inproc-logging',
      schema: z.object({ password: z.string() }),
      run: async ({ password }, ctx) => {
        ctx.logger.debug('debugging', { password });
        ctx.logger.error(`oops ${password}`);
      },
    });
    await runner.triggerAndWait(task, { password: 'h1-logger-secret' });
    expect(records.map((record) => [record.level, record.message, record.fields])).toEqual([
      ['debug', 'debugging', { password: '[REDACTED]' }],
      ['error', 'oops [REDACTED]', {}],
    ]);
  });

  it('passes log records to a Logger object with the run fields', async () => {
    const lines: Array<[string, Record<string, unknown> | undefined]> = [];
    const sink = (message: string, fields?: Record<string, unknown>) => void lines.push([message, fields]);
    const runner = make({ logger: { debug: sink, log: sink, info: sink, warn: sink, error: sink } });
    const task = defineTask({
      id: 'h1-inproc-logger-object',
      schema: z.object({}),
      run: async (_payload, ctx) => ctx.logger.info('hello', { rows: 3 }),
    });
    const result = await runner.triggerAndWait(task, {});
    expect(lines).toEqual([['hello', { rows: 3, runId: result.id, taskId: task.id, attempt: 1 }]]);
  });

  it('starts a delayed run after delayMs', async () => {
    const runner = make();
    const result = await runner.triggerAndWait(echoTask, { text: 'late' }, { delayMs: 5 });
    expect(result.unwrap()).toEqual({ echoed: 'late' });
  });

  it('fires a scheduled task with croner on the system clock', async () => {
    const ticks: Date[] = [];
    const everySecond = schedules.task({
      id: 'h1-inproc-cron',
      cron: '* * * * * *',
      run: async (payload) => {
        ticks.push(payload.timestamp);
        return payload.scheduleId;
      },
    });
    const runner = make({ tasks: [everySecond] });
    const completed = new Promise<unknown>((resolve) => runner.once('run:complete', ({ result }) => resolve(result)));
    const result = (await completed) as { ok: boolean; output: string };
    expect(result).toMatchObject({ ok: true, output: 'sched_h1-inproc-cron_1' });
    expect(ticks[0]!.getUTCMilliseconds()).toBe(0);
  });

  it('stops a schedule on close', async () => {
    const runner = make();
    const timer = runner.schedule(echoTask, { cron: '0 0 1 1 *', timezone: 'Europe/Oslo' });
    expect(timer.nextRun()?.getTime()).toBeGreaterThan(Date.now());
    await runner.close();
    expect(timer.nextRun()).toBeUndefined();
    expect(() => runner.schedule(echoTask, { cron: '* * * * *' })).toThrow(
      expect.objectContaining({ code: 'RUNNER_CLOSED' }),
    );
  });

  it('rejects completing an unknown token', async () => {
    const runner = make();
    await expect(runner.completeToken('waitpoint_nope')).rejects.toBeInstanceOf(DatataskError);
  });
});
