import { AbortTaskRunError, type Context, schemaTask } from '@trigger.dev/sdk';
import type { RunContext } from '../../core/context.js';
import { DatataskError, ErrorCode, isRetriable, toDatataskError } from '../../core/errors.js';
import type { Redactor } from '../../core/redact.js';
import type { RetryPolicyInput } from '../../core/retry-policy.js';
import type { AnyTaskDefinition, MachinePreset, QueueOptions, TaskOutput, TaskParsedPayload } from '../../core/task.js';
import { parseWith } from '../../core/validate.js';
import { AttemptDeadline, maxDurationMarginMs } from './deadline.js';
import { fromTriggerError, withCodePrefix } from './errors.js';
import { enforceInlineSecrets, type InlineSecretsPolicy } from './inline-secrets-policy.js';
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
  /** Inline secrets in a run's payload or a child's: warn, refuse (INLINE_SECRETS) or allow. @default 'warn' */
  inlineSecrets?: InlineSecretsPolicy;
}

/** Trigger.dev's documented minimum for maxDuration, in seconds. */
const minTriggerMaxDuration = 5;

interface HookInput {
  payload: unknown;
  ctx: Context;
  signal: AbortSignal;
}

interface Attempt {
  context: RunContext;
  redactor: Redactor;
  deadline: AttemptDeadline | undefined;
}

/** The run's error as Trigger.dev should see it: code-prefixed, masked, AbortTaskRunError when not retriable. */
function toTriggerFailure(thrown: unknown, redactor: Redactor, final: boolean): Error {
  const error = toDatataskError(thrown);
  const message = withCodePrefix(error, redactor.redactText(error.message));
  // AbortTaskRunError is how Trigger.dev is told not to retry.
  if (final || !isRetriable(error)) return new AbortTaskRunError(message);
  return new DatataskError(error.code, message, { cause: error.cause, details: error.details });
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
  const inlineSecrets = overrides.inlineSecrets ?? 'warn';

  const attempts = new Map<string, Attempt>();
  // One RunContext per attempt, shared by that attempt's hooks and run; dropped when the run completes. Its deadline
  // starts with the attempt's first hook.
  const attemptOf = ({ payload, ctx, signal }: HookInput): Attempt => {
    const key = `${ctx.run.id}:${ctx.attempt.number}`;
    let attempt = attempts.get(key);
    if (!attempt) {
      const limitMs = maxDuration === undefined ? undefined : maxDuration * 1000 - maxDurationMarginMs(maxDuration);
      const deadline =
        limitMs === undefined
          ? undefined
          : new AttemptDeadline(limitMs, `Run ${ctx.run.id} exceeded its maxDuration of ${maxDuration}s`);
      const { context, redactor } = createTriggerRunContext({
        taskId: id,
        sdkCtx: ctx,
        signal: deadline ? AbortSignal.any([signal, deadline.signal]) : signal,
        payload,
        ...(deadline ? { deadline } : {}),
        checkChildPayload: (childId, childPayload, logger) =>
          enforceInlineSecrets(inlineSecrets, `The payload for child task ${childId}`, childPayload, logger),
      });
      attempt = { context, redactor, deadline };
      attempts.set(key, attempt);
    }
    return attempt;
  };
  const hookParams = (input: HookInput) => {
    const { context } = attemptOf(input);
    return { payload: input.payload as TaskParsedPayload<T>, ctx: context, signal: context.signal };
  };
  // Our contract: errors in onSuccess/onFailure/onComplete are logged, never turned into a run failure.
  const logged = async (hook: string, input: HookInput, fn: () => unknown) => {
    try {
      await fn();
    } catch (error) {
      attemptOf(input).context.logger.error(`${hook} hook failed`, { error: toDatataskError(error).toJSON() });
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
      const { context, redactor, deadline } = attemptOf({ payload, ctx, signal });
      try {
        enforceInlineSecrets(inlineSecrets, `The payload of task ${id}`, payload, context.logger);
        const running = definition.run(payload, context);
        // A run that ignores its signal still ends at our deadline, before the platform kills the process.
        const output = await (deadline ? Promise.race([running, deadline.expired]) : running);
        const checked = definition.outputSchema
          ? await parseWith(definition.outputSchema, output, `output of task ${id}`, ErrorCode.INVALID_OUTPUT)
          : output;
        return redactor.redact(checked) as TaskOutput<T>;
      } catch (thrown) {
        // The deadline's TIMEOUT says more than what a driver threw when it saw the signal; as in process, a run
        // over its maxDuration is not retried.
        const timedOut = deadline?.signal.aborted === true;
        throw toTriggerFailure(timedOut ? deadline.signal.reason : thrown, redactor, timedOut);
      } finally {
        // The hooks that follow get the time left until the platform's limit.
        deadline?.dispose();
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
    ...(definition.onComplete
      ? {
          onComplete: (input: HookInput & { result: { ok: boolean; data?: unknown; error?: unknown } }) =>
            logged('onComplete', input, async () => {
              const result = input.result.ok
                ? { ok: true as const, output: input.result.data }
                : { ok: false as const, error: fromTriggerError(input.result.error) };
              await definition.onComplete?.({ ...hookParams(input), result });
            }),
        }
      : {}),
    // Cleanup comes last in the executor, after onComplete: the attempt's context is dropped after it.
    cleanup: async (input: HookInput) => {
      try {
        await definition.cleanup?.(hookParams(input));
      } finally {
        const { ctx } = input;
        attempts.get(`${ctx.run.id}:${ctx.attempt.number}`)?.deadline?.dispose();
        attempts.delete(`${ctx.run.id}:${ctx.attempt.number}`);
      }
    },
    catchError: async (input: HookInput & { error: unknown; retryAt?: Date }) => {
      const error = fromTriggerError(input.error);
      if (!isRetriable(error) || (input.error as Error)?.name === 'AbortTaskRunError') return { skipRetrying: true };
      const decision = await definition.catchError?.({
        ...hookParams(input),
        error,
        ...(input.retryAt ? { retryAt: input.retryAt } : {}),
      });
      if (decision && 'skipRetrying' in decision && decision.error !== undefined) {
        // The replacement error crosses the process boundary as name and message: keep its code in the message.
        const replacement = toDatataskError(decision.error);
        const message = withCodePrefix(replacement, attemptOf(input).redactor.redactText(replacement.message));
        return { skipRetrying: true, error: new DatataskError(replacement.code, message, { cause: replacement }) };
      }
      return decision ?? undefined;
    },
  });
}
