import { z } from 'zod';
import { DatataskError, NonRetriableError } from '../../src/core/errors.js';
import type { HookParams } from '../../src/core/task.js';
import { defineTask } from '../../src/core/task.js';

/**
 * Tasks of the shared runner behaviour suite. They are module-level (a runner that needs tasks registered up
 * front can register `behaviourTasks`) and report what happened through metadata, so any runner that emits
 * `metadata` events can be checked: each hook appends `<hook>:<attempt>` to the `journal` key.
 */
const journal = (hook: string) => (params: HookParams<unknown>) => {
  params.ctx.metadata.append('journal', `${hook}:${params.ctx.attempt}`);
};

const fastRetry = { maxAttempts: 3, minTimeoutInMs: 1, factor: 2, randomize: false } as const;

export const echoTask = defineTask({
  id: 'h1-behaviour-echo',
  schema: z.object({ text: z.string(), times: z.number().int().min(1).default(1) }),
  outputSchema: z.object({ echoed: z.string() }),
  run: async ({ text, times }) => ({ echoed: text.repeat(times) }),
});

export const strictTask = defineTask({
  id: 'h1-behaviour-strict',
  schema: z.object({ name: z.string(), port: z.number().int(), tags: z.array(z.string()) }),
  run: async (payload, ctx) => {
    ctx.metadata.set('ran', true);
    return payload.name;
  },
});

/** Fails until `succeedOn` (by throwing `errorKind`), journaling every hook. */
export const flakyTask = defineTask({
  id: 'h1-behaviour-flaky',
  schema: z.object({
    succeedOn: z.number().int(),
    errorKind: z.enum(['plain', 'non-retriable', 'auth-failed']).default('plain'),
  }),
  retry: fastRetry,
  run: async ({ succeedOn, errorKind }, ctx) => {
    ctx.metadata.append('journal', `run:${ctx.attempt}`);
    if (ctx.attempt < succeedOn) {
      if (errorKind === 'non-retriable') throw new NonRetriableError(`gave up on attempt ${ctx.attempt}`);
      if (errorKind === 'auth-failed') throw new DatataskError('AUTH_FAILED', `bad login on attempt ${ctx.attempt}`);
      throw new Error(`failed attempt ${ctx.attempt}`);
    }
    return { attempt: ctx.attempt };
  },
  onStart: journal('onStart'),
  cleanup: journal('cleanup'),
  // Journals and keeps the default decision.
  catchError: (params) => {
    journal('catchError')(params);
    return undefined;
  },
  onSuccess: journal('onSuccess'),
  onFailure: journal('onFailure'),
  onComplete: (params) => {
    params.ctx.metadata.append('journal', `onComplete:${params.result.ok ? 'ok' : params.result.error.code}`);
  },
});

export const throwingHooksTask = defineTask({
  id: 'h1-behaviour-throwing-hooks',
  schema: z.object({}),
  run: async () => 'done',
  onSuccess: () => {
    throw new Error('onSuccess exploded');
  },
  onComplete: () => {
    throw new Error('onComplete exploded');
  },
});

export const catchErrorTask = defineTask({
  id: 'h1-behaviour-catch-error',
  schema: z.object({}),
  retry: fastRetry,
  run: async (_payload, ctx) => {
    ctx.metadata.append('journal', `run:${ctx.attempt}`);
    throw new Error('unlucky');
  },
  catchError: () => ({ skipRetrying: true, error: new DatataskError('QUERY_FAILED', 'replaced by catchError') }),
});

export const progressTask = defineTask({
  id: 'h1-behaviour-progress',
  schema: z.object({ steps: z.number().int() }),
  run: async ({ steps }, ctx) => {
    ctx.metadata.set('phase', 'counting');
    for (let step = 0; step < steps; step++) ctx.metadata.increment('done');
    ctx.metadata.append('notes', 'half').append('notes', 'all').set('phase', 'finished').del('phase');
    ctx.logger.info('counted', { steps });
    return ctx.metadata.current();
  },
});

export const uniqueValueTask = defineTask({
  id: 'h1-behaviour-unique',
  schema: z.object({ fail: z.boolean().default(false) }),
  retry: { maxAttempts: 1 },
  run: async ({ fail }) => {
    if (fail) throw new Error('failing on purpose');
    return Math.random();
  },
});

export const parentTask = defineTask({
  id: 'h1-behaviour-parent',
  schema: z.object({ text: z.string(), failChild: z.boolean().default(false) }),
  retry: { maxAttempts: 1 },
  run: async ({ text, failChild }, ctx) => {
    if (failChild) {
      const failed = await ctx.triggerAndWait(flakyTask, { succeedOn: 99, errorKind: 'non-retriable' });
      return failed.unwrap();
    }
    const single = await ctx.triggerAndWait(echoTask, { text, times: 2 });
    const batch = await ctx.batchTriggerAndWait(echoTask, [{ payload: { text: 'a' } }, { payload: { text: 'b' } }]);
    return { single: single.unwrap().echoed, batch: batch.map((result) => result.unwrap().echoed) };
  },
});

export const slowTask = defineTask({
  id: 'h1-behaviour-slow',
  schema: z.object({}),
  maxDuration: 0.05,
  retry: fastRetry,
  run: async (_payload, ctx) => {
    ctx.metadata.append('journal', `run:${ctx.attempt}`);
    await ctx.wait.for({ minutes: 10 });
    return 'should not finish';
  },
  cleanup: journal('cleanup'),
  onFailure: (params) => {
    params.ctx.metadata.append('journal', `onFailure:${params.error.code}`);
  },
});

export const tokenTask = defineTask({
  id: 'h1-behaviour-token',
  schema: z.object({}),
  run: async (_payload, ctx) => {
    const token = await ctx.wait.createToken({ timeoutInMs: 600_000 });
    ctx.metadata.set('tokenId', token.id);
    const outcome = await ctx.wait.forToken<{ approved: boolean }>(token);
    if (!outcome.ok) throw outcome.error;
    return outcome.output;
  },
});

export const secretiveTask = defineTask({
  id: 'h1-behaviour-secretive',
  schema: z.object({ credentials: z.object({ user: z.string(), password: z.string() }), apiToken: z.string() }),
  retry: { maxAttempts: 1 },
  run: async ({ credentials, apiToken }, ctx) => {
    ctx.redact.addSecrets(apiToken);
    ctx.logger.info(`connecting as ${credentials.user} with ${credentials.password}`, {
      password: credentials.password,
    });
    ctx.logger.warn('token in use', { header: `Bearer ${apiToken}` });
    ctx.metadata.set('connection', `postgres://${credentials.user}:${credentials.password}@db/x`);
    if (credentials.user === 'fail') throw new Error(`login failed for password ${credentials.password}`);
    return { echoed: credentials.password, token: apiToken, note: `used ${apiToken}` };
  },
});

export const behaviourTasks = [
  echoTask,
  strictTask,
  flakyTask,
  throwingHooksTask,
  catchErrorTask,
  progressTask,
  uniqueValueTask,
  parentTask,
  slowTask,
  tokenTask,
  secretiveTask,
];
