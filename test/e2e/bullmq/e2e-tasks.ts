import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { z } from 'zod';
import { schedules } from '../../../src/core/schedules.js';
import { defineTask } from '../../../src/core/task.js';
import { createIntrospectDataTask } from '../../../src/tasks/introspect-data/index.js';

/** Tasks the multi-process tests run on worker processes (see worker-process.ts). */
export const noteTask = defineTask({
  id: 'e2e-note',
  schema: z.object({ n: z.number().int() }),
  run: async ({ n }) => ({ n, pid: process.pid }),
});

/** Holds its worker slot until the gate file exists (a condition the test sets, not a duration). */
export const gateTask = defineTask({
  id: 'e2e-gate',
  schema: z.object({ gateFile: z.string() }),
  run: async ({ gateFile }, ctx) => {
    while (!existsSync(gateFile)) await delay(25, undefined, { signal: ctx.signal });
    return { pid: process.pid };
  },
});

/** Fails its first attempt; the retry (on any worker) reports when it started and what attempt 1 left. */
export const flakyTask = defineTask({
  id: 'e2e-flaky',
  schema: z.object({}),
  retry: { maxAttempts: 3, minTimeoutInMs: 300, factor: 2, randomize: true },
  run: async (_payload, ctx) => {
    if (ctx.attempt === 1) {
      ctx.metadata.set('failedAt', Date.now()).set('failedOn', process.pid);
      throw new Error('first attempt fails on purpose');
    }
    const startedAt = Date.now();
    return {
      attempt: ctx.attempt,
      startedAt,
      failedAt: ctx.metadata.get('failedAt') as number,
      failedOn: ctx.metadata.get('failedOn') as number,
      pid: process.pid,
    };
  },
});

/** Waits for a wait token the test completes (its id goes out as metadata). */
export const holdTask = defineTask({
  id: 'e2e-hold',
  schema: z.object({}),
  run: async (_payload, ctx) => {
    const token = await ctx.wait.createToken({ timeoutInMs: 600_000 });
    ctx.metadata.set('tokenId', token.id);
    const outcome = await ctx.wait.forToken<{ note: string }>(token);
    if (!outcome.ok) throw outcome.error;
    return { ...outcome.output, pid: process.pid };
  },
});

/** Waits for child runs: its worker's slot stays taken meanwhile, so the children run on another worker. */
export const parentTask = defineTask({
  id: 'e2e-parent',
  schema: z.object({}),
  retry: { maxAttempts: 1 },
  run: async (_payload, ctx) => {
    const single = await ctx.triggerAndWait(noteTask, { n: 1 });
    const batch = await ctx.batchTriggerAndWait(noteTask, [{ payload: { n: 2 } }, { payload: { n: 3 } }]);
    return { pid: process.pid, children: [single, ...batch].map((result) => result.unwrap()) };
  },
});

export const uniqueTask = defineTask({
  id: 'e2e-unique',
  schema: z.object({}),
  retry: { maxAttempts: 1 },
  run: async () => ({ value: randomUUID(), pid: process.pid }),
});

export const cronTask = schedules.task({
  id: 'e2e-cron',
  cron: '* * * * * *',
  retry: { maxAttempts: 1 },
  run: async (payload) => ({ tick: payload.timestamp.toISOString(), pid: process.pid }),
});

export const introspectTask = createIntrospectDataTask();

export const taskSets = {
  main: [noteTask, gateTask, flakyTask, holdTask, uniqueTask, parentTask, introspectTask],
  cron: [cronTask],
} as const;
