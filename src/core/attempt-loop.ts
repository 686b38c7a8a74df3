import { finishRun, runAttemptStep } from './attempt-step.js';
import { sleep } from './clock.js';
import { toDatataskError } from './errors.js';
import { AttemptContext } from './run-context.js';
import type { RunState } from './run-state.js';
import type { AnyTaskDefinition, CompleteOutcome } from './task.js';

/**
 * Runs attempts one after the other in this process (the in-process and testing runners), each one a
 * `runAttemptStep` as queue runners run them, waiting out each retry delay on the runner's clock without holding
 * a slot. Hooks come in Trigger.dev's executor order: success `onStart, run, onSuccess, onComplete, cleanup`; a
 * retried attempt `onStart, run, catchError, cleanup`; the final failure `catchError, onFailure, onComplete,
 * cleanup`. Never rejects.
 */
export async function runAttempts(
  definition: AnyTaskDefinition,
  payload: unknown,
  state: RunState,
): Promise<CompleteOutcome<unknown>> {
  for (let attempt = 1; ; attempt++) {
    const step = await runAttemptStep(definition, payload, state, attempt);
    if (step.kind === 'done') return step.outcome;
    try {
      if (step.delayMs > 0) {
        await state.setup.lease.suspend(() => sleep(state.env.clock, step.delayMs, state.waitSignal));
      }
    } catch (error) {
      // Aborted during the delay (timeout, cancel, close): the run ends; its last attempt was cleaned up already.
      const outcome: CompleteOutcome<unknown> = { ok: false, error: state.abortError ?? toDatataskError(error) };
      await finishRun(definition, payload, state, new AttemptContext(state, attempt), outcome);
      return outcome;
    }
  }
}
