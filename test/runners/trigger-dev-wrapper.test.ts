import { logger as sdkLogger } from '@trigger.dev/sdk';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { defineTask } from '../../src/core/task.js';
import { AttemptDeadline, maxDurationMarginMs } from '../../src/runners/trigger-dev/deadline.js';
import { toTriggerTask } from '../../src/runners/trigger-dev/index.js';
import { installTriggerCatalog, resourceCatalog } from './trigger-dev-catalog.js';

const { runInMockTaskContext } = await import('@trigger.dev/core/v3/test');
const { taskContext } = await import('@trigger.dev/core/v3');

const password = 'tdw-Secret-pw-9876';
const child = defineTask({ id: 'tdw-child', schema: z.object({}).passthrough(), run: async () => 'child' });

/** Runs the registered task's run function once inside the SDK's offline run context; resolves to output or error. */
function runOnce(id: string, payload: unknown): Promise<unknown> {
  return runInMockTaskContext(async () =>
    resourceCatalog
      .getTask(id)!
      .fns.run(payload, { ctx: taskContext.ctx!, signal: new AbortController().signal })
      .then(
        (output) => output,
        (error: unknown) => error,
      ),
  );
}

describe('toTriggerTask: inline secrets and maxDuration', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('warns by default, naming the paths and never the value', async () => {
    installTriggerCatalog();
    toTriggerTask(defineTask({ id: 'tdw-warn', schema: z.object({}).passthrough(), run: async () => 'ran' }));
    const warn = vi.spyOn(sdkLogger, 'warn');
    expect(await runOnce('tdw-warn', { credentials: { type: 'postgres', host: 'db', password } })).toBe('ran');
    const [message, fields] = warn.mock.calls[0]!;
    expect(message).toMatch(/^The payload of task tdw-warn carries inline secrets at credentials\.password\./);
    expect(message).toContain("{ ref: 'env:PG_URL' }");
    expect(fields).toEqual({ inlineSecretPaths: ['credentials.password'] });
    expect(JSON.stringify(warn.mock.calls)).not.toContain(password);
    warn.mockClear();
    expect(await runOnce('tdw-warn', { credentials: { ref: 'env:PG_URL' } })).toBe('ran');
    expect(warn).not.toHaveBeenCalled();
  });

  it("refuses such payloads, and such child payloads, with inlineSecrets: 'refuse'", async () => {
    installTriggerCatalog();
    toTriggerTask(
      defineTask({
        id: 'tdw-refuse',
        schema: z.object({ childPassword: z.string().optional() }).passthrough(),
        run: async ({ childPassword }, ctx) => {
          if (!childPassword) return 'ran';
          await ctx.triggerAndWait(child, { url: `postgres://ann:${childPassword}@db/x` });
          return 'sent';
        },
      }),
      { inlineSecrets: 'refuse' },
    );
    const refused = (await runOnce('tdw-refuse', { token: password })) as Error;
    expect(refused.name).toBe('AbortTaskRunError');
    expect(refused.message).toMatch(
      /^\[INLINE_SECRETS\] The payload of task tdw-refuse carries inline secrets at token/,
    );
    expect(refused.message).not.toContain(password);
    const childRefused = (await runOnce('tdw-refuse', { childPassword: password })) as Error;
    expect(childRefused.name).toBe('AbortTaskRunError');
    expect(childRefused.message).toMatch(/^\[INLINE_SECRETS\] The payload for child task tdw-child .* at url/);
    expect(await runOnce('tdw-refuse', {})).toBe('ran');
  });

  it('ends a run that ignores its signal at maxDuration minus the margin, with TIMEOUT and an aborted signal', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    installTriggerCatalog();
    let signal: AbortSignal | undefined;
    toTriggerTask(
      defineTask({
        id: 'tdw-slow',
        schema: z.object({}),
        maxDuration: 20,
        run: (_payload, ctx) => {
          signal = ctx.signal;
          return new Promise(() => {});
        },
      }),
    );
    const pending = runOnce('tdw-slow', {});
    await vi.advanceTimersByTimeAsync(20_000 - maxDurationMarginMs(20) - 1);
    expect(signal?.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const error = (await pending) as Error;
    expect(error.name).toBe('AbortTaskRunError');
    expect(error.message).toMatch(/^\[TIMEOUT\] Run .* exceeded its maxDuration of 20s/);
    expect(signal?.aborted).toBe(true);
  });
});

describe('AttemptDeadline', () => {
  afterEach(() => vi.useRealTimers());

  it('does not count paused time (waits), nested pauses included', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const deadline = new AttemptDeadline(1000, 'too slow');
    const expired = deadline.expired.catch((error: Error) => error.message);
    await vi.advanceTimersByTimeAsync(600);
    deadline.pause();
    deadline.pause();
    await vi.advanceTimersByTimeAsync(5000);
    deadline.resume();
    await vi.advanceTimersByTimeAsync(5000);
    expect(deadline.signal.aborted).toBe(false);
    deadline.resume();
    await vi.advanceTimersByTimeAsync(399);
    expect(deadline.signal.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(deadline.signal.aborted).toBe(true);
    expect(await expired).toBe('too slow');
  });

  it('never fires once disposed', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const deadline = new AttemptDeadline(10, 'x');
    deadline.dispose();
    deadline.resume();
    await vi.advanceTimersByTimeAsync(100);
    expect(deadline.signal.aborted).toBe(false);
  });

  it('keeps 10% of maxDuration for the hooks, between 1 s and 30 s', () => {
    expect([5, 60, 300, 1800].map(maxDurationMarginMs)).toEqual([1000, 6000, 30_000, 30_000]);
  });
});

describe('fromTriggerError', () => {
  it("turns the executor's TASK_INPUT_ERROR into a ValidationError naming each field", async () => {
    const { fromTriggerError } = await import('../../src/runners/trigger-dev/errors.js');
    const message = `TaskPayloadParsedError: Parsing payload with schema failed: ${JSON.stringify(
      [
        { expected: 'string', code: 'invalid_type', path: ['name'], message: 'Invalid input: expected string' },
        { code: 'invalid_type', path: ['tags', 1], message: 'Invalid input: expected string' },
      ],
      null,
      2,
    )}`;
    const error = fromTriggerError({ type: 'INTERNAL_ERROR', code: 'TASK_INPUT_ERROR', message });
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.name).toBe('ValidationError');
    expect((error as unknown as { issues: Array<{ path: string }> }).issues.map((issue) => issue.path)).toEqual([
      'name',
      'tags.1',
    ]);
    expect(
      fromTriggerError({ message: 'TaskPayloadParsedError: Parsing payload with schema failed: [oops' }).code,
    ).toBe('INTERNAL');
  });
});
