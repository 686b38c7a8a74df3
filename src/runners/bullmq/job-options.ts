import { randomBytes } from 'node:crypto';
import type { JobsOptions, KeepJobs } from 'bullmq';
import type { TriggerOptions } from '../../core/context.js';
import { DatataskError, ErrorCode } from '../../core/errors.js';
import { defaultIdempotencyKeyTtlSeconds } from '../../core/idempotency.js';
import { findInlineSecrets } from '../../core/inline-secrets.js';
import { retryPolicyOf } from '../../core/retry-decision.js';
import type { AnyTaskDefinition } from '../../core/task.js';
import { defaultKeepJobs } from './options.js';

/** The name of BullMQ's custom backoff strategy that replays our RetryPolicy's delay (see the worker). */
export const backoffType = 'datatasks';

const idBytes = 10;
const poolSize = idBytes * 512;
let pool = randomBytes(poolSize);
let poolOffset = 0;

/** `run_` and 20 random hex digits. From a pool: one randomBytes call (a syscall and a buffer) per 512 ids. */
export function newRunId(): string {
  if (poolOffset === poolSize) {
    pool = randomBytes(poolSize);
    poolOffset = 0;
  }
  const start = poolOffset;
  poolOffset += idBytes;
  return `run_${pool.toString('hex', start, poolOffset)}`;
}

/** A run's BullMQ job options: its id, attempts and backoff from the retry policy, retention, delay, dedup. */
export function jobOptionsOf(
  task: AnyTaskDefinition,
  runId: string,
  options: TriggerOptions,
  keepJobs: KeepJobs | undefined,
): JobsOptions {
  const keep = keepJobs ?? defaultKeepJobs;
  const key = options.idempotencyKey;
  return {
    jobId: runId,
    attempts: retryPolicyOf(task).maxAttempts,
    backoff: { type: backoffType },
    removeOnComplete: keep,
    removeOnFail: keep,
    ...(options.delayMs ? { delay: options.delayMs } : {}),
    ...(key === undefined
      ? {}
      : {
          deduplication: {
            id: `${task.id}:${key}`,
            ttl: (options.idempotencyKeyTTL ?? defaultIdempotencyKeyTtlSeconds) * 1000,
          },
        }),
  };
}

/**
 * Payloads are stored in Redis as they are, so one carrying a password, token or key is refused before it gets
 * there (nothing is written): pass a credentials reference instead, resolved on the worker.
 */
export function refuseInlineSecrets(task: AnyTaskDefinition, payload: unknown): void {
  const paths = findInlineSecrets(payload);
  if (paths.length === 0) return;
  throw new DatataskError(
    ErrorCode.INLINE_SECRETS,
    `The payload of task ${task.id} carries inline secrets at ${paths.join(', ')}: BullMQ stores payloads in Redis ` +
      "as they are. Pass a credentials reference such as { ref: 'env:PG_URL' } (resolved on the worker), or " +
      'create the runner with allowInlineSecrets: true to store them anyway.',
    { details: { paths } },
  );
}
