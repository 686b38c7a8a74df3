import pRetry from 'p-retry';
import pTimeout from 'p-timeout';
import { abortReason, sleep } from './clock.js';
import type { RunContext } from './context.js';
import { type DatataskError, ErrorCode, toDatataskError } from './errors.js';
import { redactError } from './redact-error.js';
import { decideRetry, retryPolicyOf } from './retry-decision.js';
import type { HookName } from './run-environment.js';
import type { RunState } from './run-state.js';
import { emitSafely } from './safe-emit.js';
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

/** One attempt: onStart, run (raced against the run's signal), output validation, then cleanup whatever happened. */
async function runAttempt(
  definition: AnyTaskDefinition,
  payload: unknown,
  state: RunState,
  attempt: number,
  setContext: (ctx: RunContext) => void,
): Promise<unknown> {
  state.attempt = attempt;
  const ctx = state.createContext();
  setContext(ctx);
  const signal = state.signal;
  emitSafely(state.env.events, 'attempt:start', { runId: state.runId, taskId: state.taskId, attempt });
  try {
    state.throwIfAborted();
    if (definition.onStart) {
      observe(state, 'onStart');
      await definition.onStart({ payload, ctx, signal });
    }
    observe(state, 'run');
    // A run that ignores its signal still ends when the signal aborts (timeout, cancel, close).
    const output = await pTimeout(Promise.resolve(definition.run(payload, ctx)), {
      milliseconds: Number.POSITIVE_INFINITY,
      signal,
    });
    if (!definition.outputSchema) return output;
    return await parseWith(definition.outputSchema, output, `output of task ${state.taskId}`, ErrorCode.INVALID_OUTPUT);
  } catch (error) {
    // The abort reason (TIMEOUT, ABORTED) says more than what a driver threw when it saw the signal.
    throw signal.aborted ? abortReason(signal) : toDatataskError(error);
  } finally {
    if (definition.cleanup) {
      observe(state, 'cleanup');
      await callQuietly(state, 'cleanup', () => definition.cleanup!({ payload, ctx, signal }));
    }
  }
}

/**
 * Runs the attempts with p-retry (the delays come from the policy, catchError and the runner's clock, so p-retry's
 * own backoff is zero), then onSuccess or onFailure, then onComplete. Never rejects.
 */
export async function runAttempts(
  definition: AnyTaskDefinition,
  payload: unknown,
  state: RunState,
): Promise<CompleteOutcome<unknown>> {
  let ctx!: RunContext;
  const setContext = (next: RunContext): void => {
    ctx = next;
  };
  let outcome: CompleteOutcome<unknown>;
  try {
    const output = await pRetry((attempt) => runAttempt(definition, payload, state, attempt, setContext), {
      retries: retryPolicyOf(definition).maxAttempts - 1,
      minTimeout: 0,
      onFailedAttempt: async ({ error }) => {
        const failure = error as DatataskError;
        const decision = await decideRetry(definition, payload, state, ctx, failure, () =>
          observe(state, 'catchError'),
        );
        emitSafely(state.env.events, 'attempt:fail', {
          runId: state.runId,
          taskId: state.taskId,
          attempt: state.attempt,
          error: redactError(failure, state.redactor),
          ...(decision.retry ? { retryDelayMs: decision.delayMs } : {}),
        });
        // Throwing here makes p-retry stop and reject with this error.
        if (!decision.retry) throw decision.error;
        if (decision.delayMs > 0) {
          await state.setup.lease.suspend(() => sleep(state.env.clock, decision.delayMs, state.waitSignal));
        }
      },
    });
    outcome = { ok: true, output };
  } catch (error) {
    outcome = { ok: false, error: toDatataskError(error) };
  }

  const hookParams = { payload, ctx, signal: state.signal };
  if (outcome.ok && definition.onSuccess) {
    observe(state, 'onSuccess');
    await callQuietly(state, 'onSuccess', () => definition.onSuccess!({ ...hookParams, output: outcome.output }));
  } else if (!outcome.ok && definition.onFailure) {
    observe(state, 'onFailure');
    const error = outcome.error;
    await callQuietly(state, 'onFailure', () => definition.onFailure!({ ...hookParams, error }));
  }
  if (definition.onComplete) {
    observe(state, 'onComplete');
    await callQuietly(state, 'onComplete', () => definition.onComplete!({ ...hookParams, result: outcome }));
  }
  return outcome;
}
