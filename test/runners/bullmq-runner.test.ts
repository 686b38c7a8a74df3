import { Queue } from 'bullmq';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineTask } from '../../src/core/task.js';
import { createBullmqRunner, startBullmqWorker } from '../../src/runners/bullmq/index.js';
import { loadBullmq } from '../../src/runners/bullmq/load-bullmq.js';
import { leakedForms } from '../helpers/secret-search.js';
import { type BullmqPair, dumpKeys, openPair, pairedRunner, redisConnection } from './bullmq-harness.js';
import { describeRunnerBehaviour } from './runner-behaviour.js';
import { behaviourTasks, echoTask, flakyTask, secretiveTask, tokenTask } from './runner-behaviour-tasks.js';

// The behaviour suite's secretive task passes its password inline on purpose: this runner refuses that by default.
describeRunnerBehaviour('BullMQ runner', () =>
  pairedRunner(behaviourTasks, { name: 'behaviour', runner: { allowInlineSecrets: true } }),
);

let active = 0;
let maxActive = 0;
const limitedTask = defineTask({
  id: 'h16-limited',
  schema: z.object({ n: z.number() }),
  queue: { name: 'h16-reports', concurrencyLimit: 1 },
  machine: 'large-2x',
  run: async ({ n }) => {
    active++;
    maxActive = Math.max(maxActive, active);
    await new Promise((resolve) => setTimeout(resolve, 10));
    active--;
    return n;
  },
});

const tokenTimeoutTask = defineTask({
  id: 'h16-token-timeout',
  schema: z.object({}),
  run: async (_payload, ctx) => {
    const token = await ctx.wait.createToken({ timeoutInMs: 50 });
    const outcome = await ctx.wait.forToken(token);
    return outcome.ok ? 'completed' : outcome.error.code;
  },
});

const unknownTask = defineTask({ id: 'h16-not-on-worker', schema: z.object({}), run: async () => 'never' });

describe('BullMQ runner', () => {
  const pairs: BullmqPair[] = [];
  const open = (...args: Parameters<typeof openPair>) => {
    const pair = openPair(...args);
    pairs.push(pair);
    return pair;
  };
  afterEach(async () => {
    await Promise.all(pairs.splice(0).map((pair) => pair.close()));
  });

  it('writes nothing of an invalid payload to Redis', async () => {
    const { runner, prefix } = open([echoTask], { name: 'invalid' });
    const result = await runner.triggerAndWait(echoTask, { text: 'h16-bad-marker', times: 'x' } as never);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('INVALID_INPUT');
    const dump = JSON.stringify([...(await dumpKeys(prefix))]);
    expect(dump).not.toContain('h16-bad-marker');
  });

  it('refuses a payload with inline secrets before it reaches Redis, naming the paths', async () => {
    const task = defineTask({
      id: 'h16-creds',
      schema: z.object({ credentials: z.object({ password: z.string() }), url: z.string() }),
      run: async () => 'ran',
    });
    const { runner, prefix } = open([task], { name: 'inline' });
    const password = 'h16-inline-Secret-pw';
    const trigger = runner.trigger(task, { credentials: { password }, url: `postgres://u:${password}@db/x` });
    await expect(trigger).rejects.toMatchObject({
      code: 'INLINE_SECRETS',
      details: { paths: ['credentials.password', 'url'] },
    });
    await expect(trigger).rejects.toThrow(/credentials reference/);
    expect(JSON.stringify([...(await dumpKeys(prefix))])).not.toContain(password);
  });

  it('with inline secrets allowed, stores them only in the payload: output, error, logs and metadata are redacted', async () => {
    const { runner, prefix } = open([secretiveTask], { name: 'redacted', runner: { allowInlineSecrets: true } });
    const password = 'h16-Opted-In-pw';
    const apiToken = 'h16tok_abcdefghijklmnop';
    await runner.triggerAndWait(secretiveTask, { credentials: { user: 'ann', password }, apiToken });
    await runner.triggerAndWait(secretiveTask, { credentials: { user: 'fail', password }, apiToken });
    const dump = await dumpKeys(prefix);
    const outsidePayloads = [...dump]
      .map(([key, value]) => {
        if (!value.startsWith('{')) return `${key}\n${value}`;
        const { data: _payload, ...rest } = JSON.parse(value) as Record<string, unknown>;
        return `${key}\n${JSON.stringify(rest)}`;
      })
      .join('\n');
    expect(outsidePayloads).toContain('[REDACTED]');
    expect(leakedForms(outsidePayloads, password)).toEqual([]);
    expect(leakedForms(outsidePayloads, apiToken)).toEqual([]);
  });

  it('puts runs on the queue the definition names, with its concurrency limit across workers; machine is ignored', async () => {
    const { runner, prefix } = open([limitedTask], { name: 'queue' });
    maxActive = 0;
    const results = await runner.batchTriggerAndWait(
      limitedTask,
      [1, 2, 3, 4].map((n) => ({ payload: { n } })),
    );
    expect(results.map((result) => result.unwrap())).toEqual([1, 2, 3, 4]);
    expect(maxActive).toBe(1);
    const queue = new Queue('h16-reports', { connection: redisConnection, prefix });
    try {
      expect(await queue.getGlobalConcurrency()).toBe(1);
      expect(await (await queue.getJob(results[0]!.id))?.getState()).toBe('completed');
    } finally {
      await queue.close();
    }
  });

  it('reports each attempt start and failure to the producer, in order', async () => {
    const { runner } = open([flakyTask], { name: 'attempts' });
    const seen: string[] = [];
    runner.on('attempt:start', ({ attempt }) => seen.push(`start:${attempt}`));
    runner.on('attempt:fail', ({ attempt, error }) => seen.push(`fail:${attempt}:${error.code}`));
    runner.on('run:complete', ({ result }) => seen.push(`complete:${result.ok}`));
    const result = await runner.triggerAndWait(flakyTask, { succeedOn: 3 });
    expect(result.unwrap()).toEqual({ attempt: 3 });
    expect(seen).toEqual(['start:1', 'fail:1:INTERNAL', 'start:2', 'fail:2:INTERNAL', 'start:3', 'complete:true']);
  });

  it("cancels a run with the caller's signal: a delayed one is removed, one in flight aborts on its worker", async () => {
    const { runner } = open(behaviourTasks, { name: 'cancel', runner: { allowInlineSecrets: true } });
    const early = new AbortController();
    const delayed = await runner.trigger(echoTask, { text: 'later' }, { delayMs: 600_000, signal: early.signal });
    early.abort();
    const removed = await delayed.result();
    expect(removed.ok).toBe(false);
    if (!removed.ok) expect(removed.error.code).toBe('ABORTED');

    const late = new AbortController();
    runner.on('metadata', ({ metadata }) => {
      if (typeof metadata.tokenId === 'string') late.abort();
    });
    const waiting = await runner.triggerAndWait(tokenTask, {}, { signal: late.signal });
    expect(waiting.ok).toBe(false);
    if (!waiting.ok) expect(waiting.error.code).toBe('ABORTED');
    const already = await runner.triggerAndWait(echoTask, { text: 'x' }, { signal: late.signal });
    expect(already.ok).toBe(false);
  });

  it('fails a run whose task the worker does not know with TASK_NOT_FOUND', async () => {
    const { runner } = open([echoTask], { name: 'unknown' });
    const result = await runner.triggerAndWait(unknownTask, {});
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('TASK_NOT_FOUND');
  });

  it('times a wait token out on the worker', async () => {
    const { runner } = open([tokenTimeoutTask], { name: 'token' });
    expect((await runner.triggerAndWait(tokenTimeoutTask, {})).unwrap()).toBe('TIMEOUT');
  });

  it('refuses to complete an unknown wait token', async () => {
    const { runner } = open([echoTask], { name: 'tokens' });
    await expect(runner.completeToken('waitpoint_nope', 1)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('lets an idempotency key go when its TTL ends', async () => {
    const { runner, prefix } = open([echoTask], { name: 'ttl' });
    const first = await runner.trigger(echoTask, { text: 'a' }, { idempotencyKey: 'k', idempotencyKeyTTL: 0.2 });
    const again = await runner.trigger(echoTask, { text: 'a' }, { idempotencyKey: 'k', idempotencyKeyTTL: 0.2 });
    expect(again.id).toBe(first.id);
    await first.result();
    const queue = new Queue('datatasks', { connection: redisConnection, prefix });
    try {
      while ((await queue.getDeduplicationJobId(`${echoTask.id}:k`)) !== null) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    } finally {
      await queue.close();
    }
    const later = await runner.trigger(echoTask, { text: 'a' }, { idempotencyKey: 'k' });
    expect(later.id).not.toBe(first.id);
  });

  it('rejects tasks sharing a queue with different concurrency limits, and a worker with no task', async () => {
    const other = defineTask({
      ...limitedTask,
      id: 'h16-limited-2',
      queue: { name: 'h16-reports', concurrencyLimit: 2 },
    });
    await expect(
      startBullmqWorker({ connection: redisConnection, prefix: 'unused', tasks: [limitedTask, other] }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT', details: { field: 'queue.concurrencyLimit' } });
    await expect(startBullmqWorker({ connection: redisConnection, prefix: 'unused', tasks: [] })).rejects.toMatchObject(
      {
        details: { field: 'tasks' },
      },
    );
  });

  it('uses an injected bullmq module, and refuses triggers once closed', async () => {
    const bullmq = await import('bullmq');
    expect(await loadBullmq(bullmq)).toBe(bullmq);
    const runner = createBullmqRunner({ connection: redisConnection, prefix: 'unused', bullmq });
    await runner.close();
    await expect(runner.trigger(echoTask, { text: 'x' })).rejects.toMatchObject({ code: 'RUNNER_CLOSED' });
  });
});
