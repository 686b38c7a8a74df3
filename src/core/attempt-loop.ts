import pRetry from 'p-retry';
import { sleep } from './clock.js';
import type { RunContext } from './context.js';
import { type DatataskError, ErrorCode, toDatataskError } from './errors.js';
import { redactError } from './redact-error.js';
import { decideRetry, retryPolicyOf } from './retry-decision.js';
import { AttemptContext } from './run-context.js';
import type { HookName } from './run-environment.js';
import type { RunState } from './run-state.js';
import { emitSafely, hasListeners } from './safe-emit.js';
import type { AnyTaskDefinition, CompleteOutcome } from './task.js';
import { parseWith } from './validate.js';

/** Logs a hook's error instead of failing the run (onSuccess, onFailure, onComplete, cleanup). */
async function callQuietly(state: RunState, hook: HookName, call: () => unknown): Promise<void> {
  try {
    await call();
  } catch (error) {
    const typed = toDatataskError(error);
    state.logger.error(`${hook} hook of task ${state.taskId} failed: ${typed.message}`, { hook, code: typed.code });
  }
}

function observe(state: RunState, hook: HookName): void {
  state.env.observer?.hookCalled?.(state.runId, hook, state.attempt);
}

/** One attempt: onStart, run (raced against the run's abort), output validation. Cleanup comes later (see below). */
async function runAttempt(
  definition: AnyTaskDefinition,
  payload: unknown,
  state: RunState,
  ctx: AttemptContext,
): Promise<unknown> {
  state.attempt = ctx.attempt;
  if (hasListeners(state.env.events, 'attempt:start')) {
    emitSafely(state.env.events, 'attempt:start', { runId: state.runId, taskId: state.taskId, attempt: ctx.attempt });
  }
  try {
    state.throwIfAborted();
    if (definition.onStart) {
      observe(state, 'onStart');
      await definition.onStart({ payload, ctx, signal: state.signal });
    }
    observe(state, 'run');
    // A run that ignores its signal still ends when the run is aborted (timeout, cancel, close).
    const pending = definition.run(payload, ctx);
    const output = await state.race(pending instanceof Promise ? pending : Promise.resolve(pending));
    if (!definition.outputSchema) return output;
    return await parseWith(definition.outputSchema, output, `output of task ${state.taskId}`, ErrorCode.INVALID_OUTPUT);
  } catch (error) {
    // The abort reason (TIMEOUT, ABORTED) says more than what a driver threw when it saw the signal.
    throw state.abortError ?? toDatataskError(error);
  }
}

/** Cleanup of one attempt, once, whatever happened (its errors are logged). */
async function cleanUp(definition: AnyTaskDefinition, payload: unknown, state: RunState, ctx: RunContext) {
  state.cleanedUpAttempt = ctx.attempt;
  if (!definition.cleanup) return;
  observe(state, 'cleanup');
  await callQuietly(state, 'cleanup', () => definition.cleanup!({ payload, ctx, signal: state.signal }));
}

/**
 * After a failed attempt: decide (catchError), report, then either clean the attempt up and wait out the retry
 * delay (without holding a slot), or stop, leaving cleanup to follow onFailure and onComplete.
 */
async function afterFailure(
  definition: AnyTaskDefinition,
  payload: unknown,
  state: RunState,
  ctx: RunContext,
  failure: DatataskError,
): Promise<void> {
  const decision = await decideRetry(definition, payload, state, ctx, failure, () => observe(state, 'catchError'));
  if (hasListeners(state.env.events, 'attempt:fail')) {
    emitSafely(state.env.events, 'attempt:fail', {
      runId: state.runId,
      taskId: state.taskId,
      attempt: state.attempt,
      error: redactError(failure, state.redactor),
      ...(decision.retry ? { retryDelayMs: decision.delayMs } : {}),
    });
  }
  // Throwing here makes p-retry stop and reject with this error.
  if (!decision.retry) throw decision.error;
  await cleanUp(definition, payload, state, ctx);
  if (decision.delayMs > 0) {
    await state.setup.lease.suspend(() => sleep(state.env.clock, decision.delayMs, state.waitSignal));
  }
}

/** onSuccess or onFailure, then onComplete; their errors are logged. */
async function finish(
  definition: AnyTaskDefinition,
  payload: unknown,
  state: RunState,
  ctx: RunContext,
  outcome: CompleteOutcome<unknown>,
): Promise<void> {
  if (!definition.onSuccess && !definition.onFailure && !definition.onComplete) return;
  const base = { payload, ctx, signal: state.signal };
  if (outcome.ok && definition.onSuccess) {
    observe(state, 'onSuccess');
    await callQuietly(state, 'onSuccess', () => definition.onSuccess!({ ...base, output: outcome.output }));
  } else if (!outcome.ok && definition.onFailure) {
    observe(state, 'onFailure');
    await callQuietly(state, 'onFailure', () => definition.onFailure!({ ...base, error: outcome.error }));
  }
  if (definition.onComplete) {
    observe(state, 'onComplete');
    await callQuietly(state, 'onComplete', () => definition.onComplete!({ ...base, result: outcome }));
  }
}

/**
 * Runs the first attempt directly (the no-op hot path pays for no retry machinery), then any retries with p-retry
 * (the delays come from the policy, catchError and the runner's clock, so p-retry's own backoff is zero). Hooks
 * come in Trigger.dev's executor order: success `onStart, run, onSuccess, onComplete, cleanup`; a retried attempt
 * `onStart, run, catchError, cleanup`; the final failure `catchError, onFailure, onComplete, cleanup`.
 * Never rejects.
 */
export async function runAttempts(
  definition: AnyTaskDefinition,
  payload: unknown,
  state: RunState,
): Promise<CompleteOutcome<unknown>> {
  let ctx = new AttemptContext(state, 1);
  let outcome: CompleteOutcome<unknown>;
  try {
    let output: unknown;
    try {
      output = await runAttempt(definition, payload, state, ctx);
    } catch (firstError) {
      await afterFailure(definition, payload, state, ctx, firstError as DatataskError);
      output = await pRetry(
        (retry) => {
          ctx = new AttemptContext(state, retry + 1);
          return runAttempt(definition, payload, state, ctx);
        },
        {
          retries: retryPolicyOf(definition).maxAttempts - 2,
          minTimeout: 0,
          onFailedAttempt: ({ error }) => afterFailure(definition, payload, state, ctx, error as DatataskError),
        },
      );
    }
    outcome = { ok: true, output };
  } catch (error) {
    outcome = { ok: false, error: toDatataskError(error) };
  }
  await finish(definition, payload, state, ctx, outcome);
  // The last attempt's cleanup, unless an abort during a retry delay ended the run after it was cleaned up.
  if (state.cleanedUpAttempt !== ctx.attempt) await cleanUp(definition, payload, state, ctx);
  return outcome;
}
