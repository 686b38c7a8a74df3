import { AbortTaskRunError, type Context, schemaTask } from '@trigger.dev/sdk';
import type { RunContext } from '../../core/context.js';
import { DatataskError, ErrorCode, isRetriable, toDatataskError } from '../../core/errors.js';
import type { Redactor } from '../../core/redact.js';
import type { RetryPolicyInput } from '../../core/retry-policy.js';
import type { AnyTaskDefinition, MachinePreset, QueueOptions, TaskOutput, TaskParsedPayload } from '../../core/task.js';
import { parseWith } from '../../core/validate.js';
import { fromTriggerError, withCodePrefix } from './errors.js';
import { createTriggerRunContext } from './run-context.js';

/** Settings that may differ on Trigger.dev from the definition's (e.g. a bigger machine in production). */
export interface TriggerTaskOverrides {
  id?: string;
  description?: string;
  retry?: RetryPolicyInput;
  /** Seconds of compute time (Trigger.dev's minimum is 5). */
  maxDuration?: number;
  machine?: MachinePreset;
  queue?: QueueOptions;
}

/** Trigger.dev's documented minimum for maxDuration, in seconds. */
const minTriggerMaxDuration = 5;

interface HookInput {
  payload: unknown;
  ctx: Context;
  signal: AbortSignal;
}

/**
 * Turns a datatasks definition into a real Trigger.dev v4 task (what `schemaTask` returns), registered when the
 * module that calls this is loaded by the Trigger.dev CLI or worker:
 * `export const introspectData = toTriggerTask(introspectDataTask)`.
 */
export function toTriggerTask<T extends AnyTaskDefinition>(definition: T, overrides: TriggerTaskOverrides = {}) {
  const id = overrides.id ?? definition.id;
  const maxDuration = overrides.maxDuration ?? definition.maxDuration;
  if (maxDuration !== undefined && maxDuration < minTriggerMaxDuration) {
    throw new DatataskError(
      ErrorCode.NOT_SUPPORTED,
      `toTriggerTask(${id}): maxDuration ${maxDuration}s is below Trigger.dev's minimum of ${minTriggerMaxDuration}s`,
    );
  }
  const machine = overrides.machine ?? definition.machine;
  const queue = overrides.queue ?? definition.queue;
  const retry = overrides.retry ?? definition.retry;

  const contexts = new Map<string, { context: RunContext; redactor: Redactor }>();
  // One RunContext per attempt, shared by that attempt's hooks and run; dropped when the run completes.
  const attemptOf = ({ payload, ctx, signal }: HookInput) => {
    const key = `${ctx.run.id}:${ctx.attempt.number}`;
    let attempt = contexts.get(key);
    if (!attempt) {
      attempt = createTriggerRunContext({ taskId: id, sdkCtx: ctx, signal, payload });
      contexts.set(key, attempt);
    }
    return attempt;
  };
  const contextFor = (input: HookInput): RunContext => attemptOf(input).context;
  const hookParams = (input: HookInput) => {
    const ctx = contextFor(input);
    return { payload: input.payload as TaskParsedPayload<T>, ctx, signal: input.signal };
  };
  // Our contract: errors in onSuccess/onFailure/onComplete are logged, never turned into a run failure.
  const logged = async (hook: string, input: HookInput, fn: () => unknown) => {
    try {
      await fn();
    } catch (error) {
      contextFor(input).logger.error(`${hook} hook failed`, { error: toDatataskError(error).toJSON() });
    }
  };

  return schemaTask({
    id,
    schema: definition.schema as T['schema'],
    ...(definition.description || overrides.description
      ? { description: overrides.description ?? definition.description }
      : {}),
    ...(retry ? { retry } : {}),
    ...(maxDuration !== undefined ? { maxDuration } : {}),
    ...(machine ? { machine } : {}),
    ...(queue ? { queue } : {}),
    run: async (payload, { ctx, signal }): Promise<TaskOutput<T>> => {
      const { context: runContext, redactor } = attemptOf({ payload, ctx, signal });
      try {
        const output = await definition.run(payload, runContext);
        const checked = definition.outputSchema
          ? await parseWith(definition.outputSchema, output, `output of task ${id}`, ErrorCode.INVALID_OUTPUT)
          : output;
        return redactor.redact(checked) as TaskOutput<T>;
      } catch (thrown) {
        const error = toDatataskError(thrown);
        const message = withCodePrefix(error, redactor.redactText(error.message));
        // AbortTaskRunError is how Trigger.dev is told not to retry.
        if (!isRetriable(error)) throw new AbortTaskRunError(message);
        throw new DatataskError(error.code, message, { cause: error.cause, details: error.details });
      }
    },
    ...(definition.onStart ? { onStartAttempt: (input: HookInput) => definition.onStart?.(hookParams(input)) } : {}),
    ...(definition.onSuccess
      ? {
          onSuccess: (input: HookInput & { output: unknown }) =>
            logged('onSuccess', input, () => definition.onSuccess?.({ ...hookParams(input), output: input.output })),
        }
      : {}),
    ...(definition.onFailure
      ? {
          onFailure: (input: HookInput & { error: unknown }) =>
            logged('onFailure', input, () =>
              definition.onFailure?.({ ...hookParams(input), error: fromTriggerError(input.error) }),
            ),
        }
      : {}),
    onComplete: (input: HookInput & { result: { ok: boolean; data?: unknown; error?: unknown } }) =>
      logged('onComplete', input, async () => {
        try {
          const result = input.result.ok
            ? { ok: true as const, output: input.result.data }
            : { ok: false as const, error: fromTriggerError(input.result.error) };
          await definition.onComplete?.({ ...hookParams(input), result });
        } finally {
          for (const key of contexts.keys()) if (key.startsWith(`${input.ctx.run.id}:`)) contexts.delete(key);
        }
      }),
    ...(definition.cleanup ? { cleanup: (input: HookInput) => definition.cleanup?.(hookParams(input)) } : {}),
    catchError: async (input: HookInput & { error: unknown; retryAt?: Date }) => {
      const error = fromTriggerError(input.error);
      if (!isRetriable(error) || (input.error as Error)?.name === 'AbortTaskRunError') return { skipRetrying: true };
      const decision = await definition.catchError?.({
        ...hookParams(input),
        error,
        ...(input.retryAt ? { retryAt: input.retryAt } : {}),
      });
      return decision ?? undefined;
    },
  });
}
