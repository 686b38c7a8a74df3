import { runAttempts } from './attempt-loop.js';
import { abortReason, type CancelTimer } from './clock.js';
import { AbortError, TimeoutError, toDatataskError } from './errors.js';
import { redactError } from './redact-error.js';
import { errorResult, okResult, type Result } from './result.js';
import type { RunEnvironment, RunSetup } from './run-environment.js';
import { RunState } from './run-state.js';
import { emitSafely } from './safe-emit.js';
import type { AnyTaskDefinition, CompleteOutcome } from './task.js';
import { parseWith } from './validate.js';

/** Links the caller's signal to the run: aborting it cancels the run (ABORTED). Returns the unlink function. */
function linkCallerSignal(state: RunState, signal: AbortSignal | undefined): (() => void) | undefined {
  if (!signal) return undefined;
  const cancel = (): void => {
    state.controller.abort(new AbortError(`Run ${state.runId} was cancelled by its caller`, { cause: signal.reason }));
  };
  if (signal.aborted) {
    cancel();
    return undefined;
  }
  signal.addEventListener('abort', cancel, { once: true });
  return () => signal.removeEventListener('abort', cancel);
}

/** maxDuration: one background timer for the whole run (only when a limit is set, so no-op runs stay timer-free). */
function startDeadline(state: RunState, maxDurationSeconds: number | undefined): CancelTimer | undefined {
  if (maxDurationSeconds === undefined) return undefined;
  return state.env.clock.setTimer(
    maxDurationSeconds * 1000,
    () =>
      state.controller.abort(new TimeoutError(`Run ${state.runId} exceeded its maxDuration of ${maxDurationSeconds}s`)),
    { background: true },
  );
}

/**
 * Executes one run of `definition` from its raw payload: validation (INVALID_INPUT fails at once, no hook runs),
 * attempts with retries and hooks, maxDuration and caller cancellation, and redaction of everything that leaves
 * the run (output, error, events). Never rejects.
 */
export async function executeRun(
  definition: AnyTaskDefinition,
  rawPayload: unknown,
  setup: RunSetup,
  env: RunEnvironment,
): Promise<Result<unknown>> {
  const startedAt = env.clock.now();
  const state = new RunState(setup, env, rawPayload);
  const { runId, taskId } = setup;
  emitSafely(env.events, 'run:start', { runId, taskId, payload: state.redactor.redact(rawPayload) });

  const unlink = linkCallerSignal(state, setup.options.signal);
  const cancelDeadline = startDeadline(state, setup.options.maxDuration ?? definition.maxDuration);
  let outcome: CompleteOutcome<unknown>;
  try {
    if (state.signal.aborted) throw abortReason(state.signal);
    const payload = await parseWith(definition.schema, rawPayload, `payload of task ${taskId}`);
    outcome = await runAttempts(definition, payload, state);
  } catch (error) {
    outcome = { ok: false, error: toDatataskError(error) };
  } finally {
    cancelDeadline?.();
    unlink?.();
  }

  let result: Result<unknown>;
  try {
    result = outcome.ok
      ? okResult(runId, taskId, state.redactor.redact(outcome.output))
      : errorResult(runId, taskId, redactError(outcome.error, state.redactor));
  } catch (error) {
    // An output the redactor cannot copy is a failure of the run, not of the runner.
    result = errorResult(runId, taskId, redactError(toDatataskError(error), state.redactor));
  }
  emitSafely(env.events, 'run:complete', { runId, taskId, result, durationMs: env.clock.now() - startedAt });
  return result;
}
