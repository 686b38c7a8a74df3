import type { RunContext } from './context.js';
import { type DatataskError, isRetriable, toDatataskError } from './errors.js';
import { nextRetryDelay, type RetryPolicy, RetryPolicy as RetryPolicySchema } from './retry-policy.js';
import type { RunState } from './run-state.js';
import type { AnyTaskDefinition } from './task.js';

const parsedPolicies = new WeakMap<AnyTaskDefinition, RetryPolicy>();

/** The definition's retry policy with defaults filled in, parsed once per definition. */
export function retryPolicyOf(definition: AnyTaskDefinition): RetryPolicy {
  let policy = parsedPolicies.get(definition);
  if (!policy) {
    policy = RetryPolicySchema.parse(definition.retry ?? {});
    parsedPolicies.set(definition, policy);
  }
  return policy;
}

export type RetryDecision = { retry: true; delayMs: number } | { retry: false; error: DatataskError };

/**
 * Decides what follows failed attempt `attempt`: stop (aborted run, non-retriable error, no attempt left, or
 * `catchError` said so) or retry after the policy's delay, which `catchError` may move. As in Trigger.dev's
 * executor, `catchError` also sees the last attempt's retriable error (without `retryAt`): it may replace the
 * error or skip, but no attempt is left to retry.
 */
export async function decideRetry(
  definition: AnyTaskDefinition,
  payload: unknown,
  state: RunState,
  ctx: RunContext,
  error: DatataskError,
  onCatchError: () => void,
): Promise<RetryDecision> {
  if (state.abortError) return { retry: false, error: state.abortError };
  if (!isRetriable(error)) return { retry: false, error };
  const policy = retryPolicyOf(definition);
  let delayMs = nextRetryDelay(policy, state.attempt, state.env.random);
  if (!definition.catchError) return delayMs === undefined ? { retry: false, error } : { retry: true, delayMs };
  onCatchError();
  const decision = await definition.catchError({
    payload,
    ctx,
    signal: state.signal,
    error,
    ...(delayMs === undefined ? {} : { retryAt: new Date(state.env.clock.now() + delayMs) }),
  });
  if (decision && 'skipRetrying' in decision && decision.skipRetrying) {
    return { retry: false, error: decision.error === undefined ? error : toDatataskError(decision.error) };
  }
  if (delayMs === undefined) return { retry: false, error };
  if (decision && 'retryAt' in decision) delayMs = Math.max(0, decision.retryAt.getTime() - state.env.clock.now());
  else if (decision && 'retryDelayInMs' in decision) delayMs = Math.max(0, decision.retryDelayInMs);
  return { retry: true, delayMs };
}
