import pTimeout from 'p-timeout';
import { runAttempts } from './attempt-loop.js';
import type { CancelTimer } from './clock.js';
import { AbortError, TimeoutError, toDatataskError } from './errors.js';
import { redactError } from './redact-error.js';
import { errorResult, okResult, type Result } from './result.js';
import type { RunState } from './run-state.js';
import { emitSafely, hasListeners } from './safe-emit.js';
import type { AnyTaskDefinition, CompleteOutcome } from './task.js';
import { parseWith } from './validate.js';

/** Links the caller's signal to the run: aborting it cancels the run (ABORTED). Returns the unlink function. */
function linkCallerSignal(state: RunState, signal: AbortSignal | undefined): (() => void) | undefined {
  if (!signal) return undefined;
  const cancel = (): void => {
    state.abort(new AbortError(`Run ${state.runId} was cancelled by its caller`, { cause: signal.reason }));
  };
  if (signal.aborted) {
    cancel();
    return undefined;
  }
  signal.addEventListener('abort', cancel, { once: true });
  return () => signal.removeEventListener('abort', cancel);
}

/**
 * maxDuration with p-timeout on the runner's clock (a fake one in tests): at the deadline the run is aborted with
 * TIMEOUT and its attempts are still awaited, so cleanup, onFailure and onComplete run. No limit, no timer.
 */
export function withDeadline<T>(
  state: RunState,
  attempts: Promise<T>,
  maxDurationSeconds: number | undefined,
): Promise<T> {
  if (maxDurationSeconds === undefined) return attempts;
  const clock = state.env.clock;
  const customTimers = {
    setTimeout: (callback: () => void, ms: number) => clock.setTimer(ms, callback, { background: true }),
    clearTimeout: (cancel: CancelTimer | undefined) => cancel?.(),
  } as unknown as { setTimeout: typeof setTimeout; clearTimeout: typeof clearTimeout };
  return pTimeout(attempts, {
    milliseconds: maxDurationSeconds * 1000,
    customTimers,
    fallback: () => {
      state.abort(new TimeoutError(`Run ${state.runId} exceeded its maxDuration of ${maxDurationSeconds}s`));
      return attempts;
    },
  });
}

/** Output leaves the run redacted; values that cannot hold a secret skip the deep copy. */
export function redactOutput(state: RunState, output: unknown): unknown {
  if (output === undefined || output === null || typeof output === 'number' || typeof output === 'boolean') {
    return output;
  }
  return state.redactor.redact(output);
}

async function validateAndRun(definition: AnyTaskDefinition, state: RunState): Promise<CompleteOutcome<unknown>> {
  try {
    state.throwIfAborted();
    const payload = await parseWith(definition.schema, state.rawPayload, `payload of task ${state.taskId}`);
    return await runAttempts(definition, payload, state);
  } catch (error) {
    return { ok: false, error: toDatataskError(error) };
  }
}

/**
 * Executes one run from its raw payload: validation (INVALID_INPUT fails at once, no hook runs), attempts with
 * retries and hooks, maxDuration and caller cancellation, and redaction of everything that leaves the run
 * (output, error, events). Never rejects.
 */
export async function executeRun(definition: AnyTaskDefinition, state: RunState): Promise<Result<unknown>> {
  const { env, runId, taskId, rawPayload } = state;
  const options = state.setup.options;
  const startedAt = env.clock.now();
  if (hasListeners(env.events, 'run:start')) {
    emitSafely(env.events, 'run:start', { runId, taskId, payload: state.redactor.redact(rawPayload) });
  }

  const unlink = linkCallerSignal(state, options.signal);
  let outcome: CompleteOutcome<unknown>;
  try {
    outcome = await withDeadline(
      state,
      validateAndRun(definition, state),
      options.maxDuration ?? definition.maxDuration,
    );
  } finally {
    unlink?.();
  }

  let result: Result<unknown>;
  try {
    result = outcome.ok
      ? okResult(runId, taskId, redactOutput(state, outcome.output))
      : errorResult(runId, taskId, redactError(outcome.error, state.redactor));
  } catch (error) {
    // An output the redactor cannot copy is a failure of the run, not of the runner.
    result = errorResult(runId, taskId, redactError(toDatataskError(error), state.redactor));
  }
  if (hasListeners(env.events, 'run:complete')) {
    emitSafely(env.events, 'run:complete', { runId, taskId, result, durationMs: env.clock.now() - startedAt });
  }
  return result;
}
