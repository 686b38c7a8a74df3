/**
 * A Runner that executes definitions the way a Trigger.dev worker does, through the SDK's own pieces: the task
 * registered by `toTriggerTask` in the SDK resource catalog (its parser, run function and retry settings), the hooks
 * registered with the SDK lifecycle-hook manager, and the SDK's offline run context per attempt. It lets the shared
 * runner behaviour suite run against the Trigger.dev wrapper in `npm test`. It follows TaskExecutor's steps; the real
 * executor runs the same suite in test/e2e/trigger-dev-behaviour.e2e.test.ts, which is what keeps this honest.
 * Test code.
 */
import { metadata as sdkMetadata } from '@trigger.dev/sdk';
import type { MetadataValue } from '../../src/core/context.js';
import { ValidationError } from '../../src/core/errors.js';
import { errorResult, okResult, type Result } from '../../src/core/result.js';
import { nextRetryDelay, type RetryPolicyInput } from '../../src/core/retry-policy.js';
import type { AnyTaskDefinition } from '../../src/core/task.js';
import { zodIssues } from '../../src/core/validate.js';
import { fromTriggerError } from '../../src/runners/trigger-dev/errors.js';
import { toTriggerTask } from '../../src/runners/trigger-dev/index.js';
import { SerialRunner } from './serial-runner.js';
import { installTriggerCatalog, lifecycleHooks, resourceCatalog } from './trigger-dev-catalog.js';

const { runInMockTaskContext } = await import('@trigger.dev/core/v3/test');
const { taskContext } = await import('@trigger.dev/core/v3');
const { StandardLifecycleHooksManager } = await import('@trigger.dev/core/v3/workers');

type AnyHook = (params: Record<string, unknown>) => unknown;
interface Hooks {
  startAttempt?: AnyHook;
  success?: AnyHook;
  failure?: AnyHook;
  complete?: AnyHook;
  cleanup?: AnyHook;
  catchError?: AnyHook;
}

export class TriggerDevHarnessRunner extends SerialRunner {
  private readonly hooks = new Map<string, Hooks>();

  constructor() {
    super('run_harness');
    installTriggerCatalog();
  }

  private register(task: AnyTaskDefinition): Hooks {
    const known = this.hooks.get(task.id);
    if (known) return known;
    // The offline context replaces the hook manager on each run: give registration a fresh one, then keep the hooks.
    lifecycleHooks.disable();
    lifecycleHooks.setGlobalLifecycleHooksManager(new StandardLifecycleHooksManager());
    toTriggerTask(task);
    const hooks: Hooks = {
      startAttempt: lifecycleHooks.getTaskStartAttemptHook(task.id) as AnyHook | undefined,
      success: lifecycleHooks.getTaskSuccessHook(task.id) as AnyHook | undefined,
      failure: lifecycleHooks.getTaskFailureHook(task.id) as AnyHook | undefined,
      complete: lifecycleHooks.getTaskCompleteHook(task.id) as AnyHook | undefined,
      cleanup: lifecycleHooks.getTaskCleanupHook(task.id) as AnyHook | undefined,
      catchError: lifecycleHooks.getTaskCatchErrorHook(task.id) as AnyHook | undefined,
    };
    this.hooks.set(task.id, hooks);
    return hooks;
  }

  protected async execute(task: AnyTaskDefinition, payload: unknown, runId: string): Promise<Result<unknown>> {
    const hooks = this.register(task);
    const registered = resourceCatalog.getTask(task.id)!;
    let parsed: unknown;
    try {
      parsed = await registered.fns.parsePayload!(payload);
    } catch (error) {
      const issues = zodIssues(error as never);
      return errorResult(runId, task.id, new ValidationError(`payload of task ${task.id}`, issues));
    }
    this.emit('run:start', { runId, taskId: task.id, payload });
    const retry = (registered.retry ?? {}) as RetryPolicyInput;
    let snapshot: Record<string, MetadataValue> = {};
    // One offline run context per step, carrying the run's metadata across them as the platform does.
    const inContext = <T>(attempt: number, fn: (params: Record<string, unknown>) => Promise<T>) =>
      runInMockTaskContext(
        async () => {
          sdkMetadata.replace(snapshot);
          const params = {
            ctx: taskContext.ctx!,
            payload: parsed,
            task: task.id,
            signal: new AbortController().signal,
          };
          try {
            return await fn(params);
          } finally {
            snapshot = (sdkMetadata.current() ?? {}) as Record<string, MetadataValue>;
            this.emit('metadata', { runId, taskId: task.id, metadata: snapshot });
          }
        },
        { ctx: { attempt: { number: attempt }, run: { id: runId } } },
      );
    // The steps and hook order of TaskExecutor (@trigger.dev/core/v3/workers), which test/e2e runs for real: an
    // AbortTaskRunError skips catchError; onSuccess/onFailure and onComplete come before cleanup.
    for (let attempt = 1; ; attempt++) {
      this.emit('attempt:start', { runId, taskId: task.id, attempt });
      const outcome = await inContext(attempt, async (params) => {
        try {
          await hooks.startAttempt?.(params);
          const output = await registered.fns.run(parsed, {
            ctx: params.ctx as never,
            signal: params.signal as AbortSignal,
          });
          return { ok: true as const, output };
        } catch (error) {
          const aborted = (error as Error)?.name === 'AbortTaskRunError';
          const decision = aborted
            ? { skipRetrying: true }
            : ((await hooks.catchError?.({ ...params, error, retry })) as
                | { skipRetrying?: boolean; error?: unknown; retryDelayInMs?: number; retryAt?: Date }
                | undefined);
          return { ok: false as const, error: decision?.error ?? error, decision };
        }
      });
      if (outcome.ok) {
        await inContext(attempt, async (params) => {
          await hooks.success?.({ ...params, output: outcome.output });
          await hooks.complete?.({ ...params, result: { ok: true, data: outcome.output } });
          await hooks.cleanup?.(params);
        });
        return okResult(runId, task.id, outcome.output);
      }
      const decision = outcome.decision;
      const delay =
        decision?.retryDelayInMs ??
        (decision?.retryAt ? decision.retryAt.getTime() - Date.now() : nextRetryDelay(retry, attempt));
      const final = decision?.skipRetrying || delay === undefined;
      const error = fromTriggerError(outcome.error);
      this.emit('attempt:fail', { runId, taskId: task.id, attempt, error, ...(final ? {} : { retryDelayMs: delay }) });
      await inContext(attempt, async (params) => {
        if (final) {
          await hooks.failure?.({ ...params, error: outcome.error });
          await hooks.complete?.({ ...params, result: { ok: false, error: outcome.error } });
        }
        await hooks.cleanup?.(params);
      });
      if (final) return errorResult(runId, task.id, error);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
