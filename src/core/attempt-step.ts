import { type DatataskError, ErrorCode, toDatataskError } from './errors.js';
import { redactError } from './redact-error.js';
import { decideRetry } from './retry-decision.js';
import { AttemptContext } from './run-context.js';
import type { HookName } from './run-environment.js';
import type { RunState } from './run-state.js';
import { emitSafely, hasListeners } from './safe-emit.js';
import type { AnyTaskDefinition, CompleteOutcome } from './task.js';
import { parseWith } from './validate.js';

/** What one attempt leads to: the run ended (its final hooks ran), or it is to be retried after `delayMs`. */
export type AttemptStepOutcome =
  | { kind: 'done'; outcome: CompleteOutcome<unknown> }
  | { kind: 'retry'; error: DatataskError; delayMs: number };

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

async function runOnce(definition: AnyTaskDefinition, payload: unknown, state: RunState, ctx: AttemptContext) {
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
  return parseWith(definition.outputSchema, output, `output of task ${state.taskId}`, ErrorCode.INVALID_OUTPUT);
}

/** onSuccess or onFailure, then onComplete; their errors are logged. */
export async function finishRun(
  definition: AnyTaskDefinition,
  payload: unknown,
  state: RunState,
  ctx: AttemptContext,
  outcome: CompleteOutcome<unknown>,
): Promise<void> {
  // Only a hook reads the signal: building it for none would cost every run an AbortController.
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

async function afterFailure(
  definition: AnyTaskDefinition,
  payload: unknown,
  state: RunState,
  ctx: AttemptContext,
  thrown: unknown,
): Promise<AttemptStepOutcome> {
  // The abort reason (TIMEOUT, ABORTED) says more than what a driver threw when it saw the signal.
  const failure = state.abortError ?? toDatataskError(thrown);
  let decision: Awaited<ReturnType<typeof decideRetry>>;
  try {
    decision = await decideRetry(definition, payload, state, ctx, failure, () => observe(state, 'catchError'));
  } catch (catchErrorFailure) {
    decision = { retry: false, error: toDatataskError(catchErrorFailure) };
  }
  if (hasListeners(state.env.events, 'attempt:fail')) {
    emitSafely(state.env.events, 'attempt:fail', {
      runId: state.runId,
      taskId: state.taskId,
      attempt: state.attempt,
      error: redactError(failure, state.redactor),
      ...(decision.retry ? { retryDelayMs: decision.delayMs } : {}),
    });
  }
  if (decision.retry) return { kind: 'retry', error: failure, delayMs: decision.delayMs };
  const outcome: CompleteOutcome<unknown> = { ok: false, error: decision.error };
  await finishRun(definition, payload, state, ctx, outcome);
  return { kind: 'done', outcome };
}

/**
 * One attempt in the order of Trigger.dev's executor: `onStart, run, onSuccess, onComplete, cleanup` on success;
 * `catchError`, then (when no retry follows) `onFailure, onComplete`, then `cleanup` on failure. Runners that
 * schedule each attempt themselves (a queue's attempts) call it once per attempt. Never rejects.
 */
export async function runAttemptStep(
  definition: AnyTaskDefinition,
  payload: unknown,
  state: RunState,
  attempt: number,
): Promise<AttemptStepOutcome> {
  state.attempt = attempt;
  const ctx = new AttemptContext(state, attempt);
  if (hasListeners(state.env.events, 'attempt:start')) {
    emitSafely(state.env.events, 'attempt:start', { runId: state.runId, taskId: state.taskId, attempt });
  }
  try {
    let output: unknown;
    try {
      output = await runOnce(definition, payload, state, ctx);
    } catch (error) {
      return await afterFailure(definition, payload, state, ctx, error);
    }
    const outcome: CompleteOutcome<unknown> = { ok: true, output };
    await finishRun(definition, payload, state, ctx, outcome);
    return { kind: 'done', outcome };
  } finally {
    if (definition.cleanup) {
      observe(state, 'cleanup');
      const params = { payload, ctx, signal: state.signal };
      await callQuietly(state, 'cleanup', () => definition.cleanup!(params));
    }
  }
}
