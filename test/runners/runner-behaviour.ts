import { afterEach, describe, expect, it as vitestIt } from 'vitest';
import type { LogRecord, MetadataValue } from '../../src/core/context.js';
import { DatataskError, ValidationError } from '../../src/core/errors.js';
import { REDACTED } from '../../src/core/redact.js';
import type { Runner } from '../../src/runners/runner.js';
import {
  catchErrorTask,
  echoTask,
  flakyTask,
  parentTask,
  progressTask,
  secretiveTask,
  slowTask,
  strictTask,
  throwingHooksTask,
  tokenTask,
  uniqueValueTask,
} from './runner-behaviour-tasks.js';

/** Collects what a runner reports through its events, per run. */
function watch(runner: Runner) {
  const metadata = new Map<string, Array<Record<string, MetadataValue>>>();
  const logs: LogRecord[] = [];
  const attemptFailures: Array<{ runId: string; attempt: number; retryDelayMs?: number; error: DatataskError }> = [];
  runner.on('metadata', ({ runId, metadata: snapshot }) => {
    metadata.set(runId, [...(metadata.get(runId) ?? []), snapshot]);
  });
  runner.on('log', (record) => logs.push(record));
  runner.on('attempt:fail', (event) => attemptFailures.push(event));
  return {
    logs,
    attemptFailures,
    snapshots: (runId: string) => metadata.get(runId) ?? [],
    latest: (runId: string) => metadata.get(runId)?.at(-1) ?? {},
  };
}

/**
 * Behaviour every Runner must share. Runner-agnostic: it only uses the Runner interface and its events, and the
 * tasks in runner-behaviour-tasks.ts (retries use 1 ms delays, the timeout case a 50 ms maxDuration).
 */
export function describeRunnerBehaviour(
  name: string,
  makeRunner: () => Runner,
  options: { skip?: Record<string, string> } = {},
): void {
  // A runner skips a case only where its behaviour is documented to differ; the reason shows in the test title.
  const skipReason = (title: string) => Object.entries(options.skip ?? {}).find(([part]) => title.includes(part))?.[1];
  const it = Object.assign(
    (title: string, fn: () => Promise<void>) => {
      const reason = skipReason(title);
      return reason ? vitestIt.skip(`${title} (not on ${name}: ${reason})`, fn) : vitestIt(title, fn);
    },
    {
      each: ((cases: readonly (readonly unknown[])[]) => (title: string, fn: (...args: never[]) => Promise<void>) => {
        const reason = skipReason(title);
        const each = reason ? vitestIt.skip.each(cases) : vitestIt.each(cases);
        return each(reason ? `${title} (not on ${name}: ${reason})` : title, fn as never);
      }) as unknown as typeof vitestIt.each,
    },
  );
  describe(`${name}: shared runner behaviour`, () => {
    let runner: Runner;
    const open = () => {
      runner = makeRunner();
      return { runner, seen: watch(runner) };
    };
    afterEach(async () => {
      await runner?.close();
    });

    it('runs a task, validates its output and unwraps the result', async () => {
      const { runner } = open();
      const result = await runner.triggerAndWait(echoTask, { text: 'ab', times: 2 });
      expect(result.ok).toBe(true);
      expect(result.taskId).toBe(echoTask.id);
      expect(result.unwrap()).toEqual({ echoed: 'abab' });
      const handle = await runner.trigger(echoTask, { text: 'x' });
      expect(handle.taskId).toBe(echoTask.id);
      const later = await handle.result();
      expect(later.id).toBe(handle.id);
      expect(later.unwrap()).toEqual({ echoed: 'x' });
    });

    it('rejects an invalid payload at once with every issue path, without running or retrying', async () => {
      const { runner, seen } = open();
      const result = await runner.triggerAndWait(strictTask, { name: 42, port: 'x', tags: ['ok', 7] } as never);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error).toBeInstanceOf(ValidationError);
      expect(result.error.code).toBe('INVALID_INPUT');
      const paths = (result.error as ValidationError).issues.map((issue) => issue.path).sort();
      expect(paths).toEqual(['name', 'port', 'tags.1']);
      expect(result.error.message).toContain('tags.1');
      expect(seen.latest(result.id)).toEqual({});
      expect(seen.attemptFailures.filter((failure) => failure.runId === result.id)).toEqual([]);
      expect(() => result.unwrap()).toThrow(ValidationError);
    });

    // The order of Trigger.dev's own executor (TaskExecutor in @trigger.dev/core): cleanup comes last.
    it('retries a failing attempt and calls the hooks in the executor order', async () => {
      const { runner, seen } = open();
      const result = await runner.triggerAndWait(flakyTask, { succeedOn: 3 });
      expect(result.unwrap()).toEqual({ attempt: 3 });
      expect(seen.latest(result.id).journal).toEqual([
        'onStart:1',
        'run:1',
        'catchError:1',
        'cleanup:1',
        'onStart:2',
        'run:2',
        'catchError:2',
        'cleanup:2',
        'onStart:3',
        'run:3',
        'onSuccess:3',
        'onComplete:ok',
        'cleanup:3',
      ]);
      const failures = seen.attemptFailures.filter((failure) => failure.runId === result.id);
      expect(failures.map((failure) => [failure.attempt, failure.retryDelayMs])).toEqual([
        [1, 1],
        [2, 2],
      ]);
    });

    it('gives up after maxAttempts with the last error and calls onFailure once', async () => {
      const { runner, seen } = open();
      const result = await runner.triggerAndWait(flakyTask, { succeedOn: 10 });
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error.message).toBe('failed attempt 3');
      const journal = seen.latest(result.id).journal as string[];
      expect(journal.filter((entry) => entry.startsWith('run:'))).toEqual(['run:1', 'run:2', 'run:3']);
      expect(journal.slice(-6)).toEqual([
        'onStart:3',
        'run:3',
        'catchError:3',
        'onFailure:3',
        'onComplete:INTERNAL',
        'cleanup:3',
      ]);
      expect(() => result.unwrap()).toThrow('failed attempt 3');
    });

    it.each([
      ['non-retriable', 'NON_RETRIABLE'],
      ['auth-failed', 'AUTH_FAILED'],
    ] as const)('does not retry a %s error', async (errorKind, code) => {
      const { runner, seen } = open();
      const result = await runner.triggerAndWait(flakyTask, { succeedOn: 3, errorKind });
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error.code).toBe(code);
      // A non-retriable error skips catchError, as AbortTaskRunError does on Trigger.dev.
      expect(seen.latest(result.id).journal).toEqual([
        'onStart:1',
        'run:1',
        'onFailure:1',
        `onComplete:${code}`,
        'cleanup:1',
      ]);
    });

    it('lets catchError skip retrying with its own error', async () => {
      const { runner, seen } = open();
      const result = await runner.triggerAndWait(catchErrorTask, {});
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error.code).toBe('QUERY_FAILED');
      expect(result.error.message).toBe('replaced by catchError');
      expect(seen.latest(result.id).journal).toEqual(['run:1']);
    });

    it('logs errors thrown by onSuccess and onComplete instead of failing the run', async () => {
      const { runner, seen } = open();
      const result = await runner.triggerAndWait(throwingHooksTask, {});
      expect(result.unwrap()).toBe('done');
      const errors = seen.logs.filter((record) => record.runId === result.id && record.level === 'error');
      expect(errors.map((record) => record.message)).toEqual([
        expect.stringContaining('onSuccess exploded'),
        expect.stringContaining('onComplete exploded'),
      ]);
    });

    it('emits a metadata event for each change and a log record with fields', async () => {
      const { runner, seen } = open();
      const result = await runner.triggerAndWait(progressTask, { steps: 2 });
      expect(result.unwrap()).toEqual({ done: 2, notes: ['half', 'all'] });
      expect(seen.snapshots(result.id)).toEqual([
        { phase: 'counting' },
        { phase: 'counting', done: 1 },
        { phase: 'counting', done: 2 },
        { phase: 'counting', done: 2, notes: ['half'] },
        { phase: 'counting', done: 2, notes: ['half', 'all'] },
        { phase: 'finished', done: 2, notes: ['half', 'all'] },
        { done: 2, notes: ['half', 'all'] },
      ]);
      const log = seen.logs.find((record) => record.runId === result.id);
      expect(log).toMatchObject({ level: 'info', message: 'counted', fields: { steps: 2 }, taskId: progressTask.id });
      expect(log?.attempt).toBe(1);
    });

    it('returns the first run for a repeated idempotency key, and not a failed one', async () => {
      const { runner } = open();
      const first = await runner.trigger(uniqueValueTask, {}, { idempotencyKey: 'h1-key' });
      const second = await runner.trigger(uniqueValueTask, {}, { idempotencyKey: 'h1-key' });
      expect(second.id).toBe(first.id);
      expect((await second.result()).unwrap()).toBe((await first.result()).unwrap());
      const other = await runner.trigger(uniqueValueTask, {}, { idempotencyKey: 'h1-other-key' });
      expect(other.id).not.toBe(first.id);
      const again = await runner.triggerAndWait(uniqueValueTask, {}, { idempotencyKey: 'h1-key' });
      expect(again.id).toBe(first.id);

      const failed = await runner.triggerAndWait(uniqueValueTask, { fail: true }, { idempotencyKey: 'h1-fails' });
      expect(failed.ok).toBe(false);
      const retried = await runner.triggerAndWait(uniqueValueTask, { fail: true }, { idempotencyKey: 'h1-fails' });
      expect(retried.id).not.toBe(failed.id);
    });

    it('triggers child runs and waits for them (single and batch), unwrapping their results', async () => {
      const { runner } = open();
      const result = await runner.triggerAndWait(parentTask, { text: 'hi' });
      expect(result.unwrap()).toEqual({ single: 'hihi', batch: ['a', 'b'] });
      const failing = await runner.triggerAndWait(parentTask, { text: 'hi', failChild: true });
      expect(failing.ok).toBe(false);
      if (failing.ok) return;
      expect(failing.error.code).toBe('NON_RETRIABLE');
      expect(failing.error.message).toBe('gave up on attempt 1');
    });

    it('batch-triggers runs and returns results in item order', async () => {
      const { runner } = open();
      const texts = ['one', 'two', 'three', 'four'];
      const results = await runner.batchTriggerAndWait(
        echoTask,
        texts.map((text) => ({ payload: { text } })),
      );
      expect(results.map((result) => result.unwrap().echoed)).toEqual(texts);
      const handles = await runner.batchTrigger(echoTask, [{ payload: { text: 'x' } }, { payload: { text: 'y' } }]);
      expect(new Set(handles.map((handle) => handle.id)).size).toBe(2);
      expect((await handles[1]!.result()).unwrap()).toEqual({ echoed: 'y' });
    });

    it('fails a run that exceeds maxDuration with TIMEOUT, still calling cleanup and onFailure', async () => {
      const { runner, seen } = open();
      const result = await runner.triggerAndWait(slowTask, {});
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error.code).toBe('TIMEOUT');
      expect(result.error.name).toBe('TimeoutError');
      expect(seen.latest(result.id).journal).toEqual(['run:1', 'onFailure:TIMEOUT', 'cleanup:1']);
    });

    it('waits for a token completed from outside the run', async () => {
      const { runner } = open();
      runner.on('metadata', ({ metadata }) => {
        if (typeof metadata.tokenId === 'string') void runner.completeToken(metadata.tokenId, { approved: true });
      });
      const result = await runner.triggerAndWait(tokenTask, {});
      expect(result.unwrap()).toEqual({ approved: true });
    });

    it('masks secrets of the payload and added secrets in logs, metadata, errors and output', async () => {
      const { runner, seen } = open();
      const password = 'h1-Sup3r-Secret-pw';
      const apiToken = 'h1tok_abcdefghijklmnop';
      const result = await runner.triggerAndWait(secretiveTask, { credentials: { user: 'ann', password }, apiToken });
      const failed = await runner.triggerAndWait(secretiveTask, { credentials: { user: 'fail', password }, apiToken });
      const leaving = JSON.stringify({
        output: result.ok ? result.output : null,
        logs: seen.logs,
        metadata: [...seen.snapshots(result.id), ...seen.snapshots(failed.id)],
        error: failed.ok ? null : { message: failed.error.message, stack: failed.error.stack },
        failures: seen.attemptFailures.map((failure) => failure.error.message),
      });
      expect(leaving).not.toContain(password);
      expect(leaving).not.toContain(apiToken);
      expect(result.unwrap()).toEqual({ echoed: REDACTED, token: REDACTED, note: `used ${REDACTED}` });
      expect(failed.ok).toBe(false);
      if (!failed.ok) expect(failed.error.message).toBe(`login failed for password ${REDACTED}`);
      expect(seen.logs.some((record) => record.message === `connecting as ann with ${REDACTED}`)).toBe(true);
      expect(seen.latest(result.id).connection).toBe(`postgres://ann:${REDACTED}@db/x`);
    });

    it('reports typed errors for the run as DatataskError instances', async () => {
      const { runner } = open();
      const result = await runner.triggerAndWait(flakyTask, { succeedOn: 2, errorKind: 'auth-failed' });
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error).toBeInstanceOf(DatataskError);
    });
  });
}
