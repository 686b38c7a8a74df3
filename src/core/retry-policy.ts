import { z } from 'zod';

/**
 * How a failed attempt is retried. Same names and defaults as Trigger.dev's `retry` option, so the Trigger.dev
 * runner passes it through unchanged.
 */
export const RetryPolicy = z.object({
  /** Attempts in all, the first included. @default 3 */
  maxAttempts: z.number().int().min(1).max(100).default(3),
  /** Growth of the delay between attempts. @default 2 */
  factor: z.number().min(1).default(2),
  /** Delay before the first retry, in ms. @default 1000 */
  minTimeoutInMs: z.number().int().min(0).default(1000),
  /** Upper bound of any delay, in ms. @default 60000 */
  maxTimeoutInMs: z.number().int().min(0).default(60_000),
  /** Multiply each delay by a random factor in [1, 2). @default true */
  randomize: z.boolean().default(true),
});
export type RetryPolicy = z.infer<typeof RetryPolicy>;
export type RetryPolicyInput = z.input<typeof RetryPolicy>;

export const defaultRetryPolicy: RetryPolicy = Object.freeze(RetryPolicy.parse({}));

/**
 * Delay in ms before retrying after failed attempt number `attempt` (1-based), or `undefined` when no attempt is
 * left. delay = min(maxTimeoutInMs, r * minTimeoutInMs * factor^(attempt - 1)), r = 1 or random in [1, 2).
 */
export function nextRetryDelay(
  policy: RetryPolicyInput | undefined,
  attempt: number,
  random: () => number = Math.random,
): number | undefined {
  const p = RetryPolicy.parse(policy ?? {});
  if (attempt >= p.maxAttempts) return undefined;
  const r = p.randomize ? 1 + random() : 1;
  return Math.round(Math.min(p.maxTimeoutInMs, r * p.minTimeoutInMs * p.factor ** (attempt - 1)));
}
