import { metadata } from '@trigger.dev/sdk';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DatataskError } from '../../src/core/errors.js';
import { defineTask } from '../../src/core/task.js';
import { toTriggerTask } from '../../src/runners/trigger-dev/index.js';
import { installTriggerCatalog, lifecycleHooks, resourceCatalog } from './trigger-dev-catalog.js';

const { runInMockTaskContext } = await import('@trigger.dev/core/v3/test');
const { taskContext } = await import('@trigger.dev/core/v3');

type Call = { hook: string; payload: unknown; attempt: number; hasSignal: boolean; extra?: unknown };

function makeDefinition(calls: Call[]) {
  const record = (
    hook: string,
    p: { payload: unknown; ctx: { attempt: number }; signal: AbortSignal },
    extra?: unknown,
  ) =>
    calls.push({ hook, payload: p.payload, attempt: p.ctx.attempt, hasSignal: p.signal instanceof AbortSignal, extra });
  return defineTask({
    id: 'tdx-sum',
    schema: z.object({ a: z.number(), b: z.number().default(1), password: z.string().optional() }),
    outputSchema: z.object({ sum: z.number() }),
    retry: { maxAttempts: 4, factor: 3, minTimeoutInMs: 250, maxTimeoutInMs: 5000, randomize: false },
    maxDuration: 60,
    machine: 'medium-1x',
    queue: { name: 'tdx-queue', concurrencyLimit: 2 },
    run: async (payload, ctx) => {
      ctx.metadata
        .set('phase', 'summing')
        .increment('steps')
        .append('log', `password=${payload.password ?? ''}`);
      ctx.logger.info('summing', { password: payload.password });
      if (payload.a < 0) throw new DatataskError('AUTH_FAILED', `bad login with ${payload.password}`);
      return { sum: payload.a + payload.b };
    },
    onStart: (p) => void record('onStart', p),
    onSuccess: (p) => void record('onSuccess', p, p.output),
    onFailure: (p) => void record('onFailure', p, p.error.code),
    onComplete: (p) => void record('onComplete', p, p.result.ok),
    cleanup: (p) => void record('cleanup', p),
    catchError: (p) => {
      record('catchError', p, p.error.code);
      return undefined;
    },
  });
}

describe('toTriggerTask (Trigger.dev v4 SDK, offline harness)', () => {
  const calls: Call[] = [];
  // runInMockTaskContext installs and then removes its own lifecycle-hook manager, so hook tests register anew.
  const register = () => {
    installTriggerCatalog();
    toTriggerTask(makeDefinition(calls));
  };
  beforeAll(register);

  it('registers the mapped id, retry, maxDuration, machine and queue in the SDK resource catalog', () => {
    const registered = resourceCatalog.getTask('tdx-sum');
    expect(registered).toBeDefined();
    expect(registered?.retry).toEqual({
      maxAttempts: 4,
      factor: 3,
      minTimeoutInMs: 250,
      maxTimeoutInMs: 5000,
      randomize: false,
    });
    expect(registered?.maxDuration).toBe(60);
    expect(registered?.machine).toEqual({ preset: 'medium-1x' });
    expect(registered?.queue).toMatchObject({ name: 'tdx-queue', concurrencyLimit: 2 });
  });

  it('rejects an invalid payload in the SDK parser with the zod issue path', async () => {
    const registered = resourceCatalog.getTask('tdx-sum');
    await expect(registered?.fns.parsePayload?.({ a: 'one' })).rejects.toThrow(/a/);
    await expect(registered?.fns.parsePayload?.({ a: 2 })).resolves.toEqual({ a: 2, b: 1 });
  });

  it('runs the definition, writes metadata the SDK metadata manager sees, and redacts secrets', async () => {
    const registered = resourceCatalog.getTask('tdx-sum');
    let seen: Record<string, unknown> | undefined;
    const output = await runInMockTaskContext(async () => {
      const payload = await registered?.fns.parsePayload?.({ a: 2, b: 3, password: 'hunter2-secret' });
      const result = await registered?.fns.run(payload, {
        ctx: taskContext.ctx!,
        signal: new AbortController().signal,
      });
      seen = metadata.current() as Record<string, unknown>;
      return result;
    });
    expect(output).toEqual({ sum: 5 });
    expect(seen).toMatchObject({ phase: 'summing', steps: 1 });
    expect(JSON.stringify(seen)).not.toContain('hunter2-secret');
    expect(JSON.stringify(seen)).toContain('[REDACTED]');
  });

  it('maps a non-retriable error onto AbortTaskRunError with the secret masked', async () => {
    const registered = resourceCatalog.getTask('tdx-sum');
    const error = await runInMockTaskContext(async () =>
      registered?.fns
        .run(
          { a: -1, b: 0, password: 'hunter2-secret' },
          { ctx: taskContext.ctx!, signal: new AbortController().signal },
        )
        .then(
          () => undefined,
          (e: unknown) => e,
        ),
    );
    expect((error as Error).name).toBe('AbortTaskRunError');
    expect((error as Error).message).toContain('AUTH_FAILED');
    expect((error as Error).message).not.toContain('hunter2-secret');
  });

  it('registers every hook with the SDK and calls ours with { payload, ctx, signal }', async () => {
    calls.length = 0;
    const ctx = await runInMockTaskContext(async () => taskContext.ctx!);
    register();
    const signal = new AbortController().signal;
    const payload = { a: 1, b: 1 };
    await lifecycleHooks.getTaskStartAttemptHook('tdx-sum')?.({ ctx, payload, task: 'tdx-sum', signal });
    await lifecycleHooks.getTaskSuccessHook('tdx-sum')?.({ ctx, payload, task: 'tdx-sum', output: { sum: 2 }, signal });
    await lifecycleHooks.getTaskFailureHook('tdx-sum')?.({
      ctx,
      payload,
      task: 'tdx-sum',
      error: new Error('x'),
      signal,
    });
    await lifecycleHooks.getTaskCleanupHook('tdx-sum')?.({ ctx, payload, task: 'tdx-sum', signal });
    const decision = await lifecycleHooks.getTaskCatchErrorHook('tdx-sum')?.({
      ctx,
      payload,
      task: 'tdx-sum',
      error: new DatataskError('AUTH_FAILED', 'no'),
      signal,
    });
    await lifecycleHooks.getTaskCompleteHook('tdx-sum')?.({
      ctx,
      payload,
      task: 'tdx-sum',
      result: { ok: true, data: { sum: 2 } },
      signal,
    });
    expect(calls.map((c) => c.hook)).toEqual(['onStart', 'onSuccess', 'onFailure', 'cleanup', 'onComplete']);
    expect(decision).toEqual({ skipRetrying: true });
    for (const call of calls) {
      expect(call.payload).toEqual(payload);
      expect(call.hasSignal).toBe(true);
      expect(call.attempt).toBe(ctx.attempt.number);
    }
    expect(calls.find((c) => c.hook === 'onFailure')?.extra).toBe('INTERNAL');
  });

  it('passes retriable errors to our catchError and returns its decision', async () => {
    calls.length = 0;
    const ctx = await runInMockTaskContext(async () => taskContext.ctx!);
    register();
    const decision = await lifecycleHooks.getTaskCatchErrorHook('tdx-sum')?.({
      ctx,
      payload: { a: 1 },
      task: 'tdx-sum',
      error: new DatataskError('CONNECTION_FAILED', 'reset'),
      signal: new AbortController().signal,
    });
    expect(decision).toBeUndefined();
    expect(calls).toMatchObject([{ hook: 'catchError', extra: 'CONNECTION_FAILED' }]);
  });

  it('masks secrets added through ctx.redact in the output and in errors', async () => {
    const definition = defineTask({
      id: 'tdx-added-secret',
      schema: z.object({ fail: z.boolean() }),
      run: async ({ fail }, ctx) => {
        ctx.redact.addSecrets('tdx-added-Secret-42');
        if (fail) throw new DatataskError('AUTH_FAILED', 'key tdx-added-Secret-42 was refused');
        return { note: 'used tdx-added-Secret-42' };
      },
    });
    toTriggerTask(definition);
    const registered = resourceCatalog.getTask('tdx-added-secret');
    const runOnce = (fail: boolean) =>
      runInMockTaskContext(async () =>
        registered?.fns.run({ fail }, { ctx: taskContext.ctx!, signal: new AbortController().signal }).then(
          (output) => output,
          (error: unknown) => error,
        ),
      );
    expect(await runOnce(false)).toEqual({ note: 'used [REDACTED]' });
    const error = (await runOnce(true)) as Error;
    expect(error.message).toBe('[AUTH_FAILED] key [REDACTED] was refused');
  });

  it('fails loudly for settings Trigger.dev cannot honour', () => {
    const tiny = defineTask({ id: 'tdx-tiny', schema: z.object({}), maxDuration: 1, run: async () => 1 });
    expect(() => toTriggerTask(tiny)).toThrow(/minimum of 5s/);
  });

  it('keeps metadata locally and does not throw outside a run', () => {
    const definition = defineTask({
      id: 'tdx-outside',
      schema: z.object({}),
      run: async (_payload, ctx) => ctx.metadata.set('k', 1).increment('k', 2).current(),
    });
    toTriggerTask(definition);
    // Calling the hooks' context outside a run: the SDK's metadata.set throws there, ours must not.
    return expect(
      resourceCatalog.getTask('tdx-outside')?.fns.run(
        {},
        {
          ctx: { run: { id: 'run_x' }, attempt: { number: 1 } } as never,
          signal: new AbortController().signal,
        },
      ),
    ).resolves.toEqual({ k: 3 });
  });
});
