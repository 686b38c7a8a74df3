import { createHash, randomBytes } from 'node:crypto';
import type { QueueEvents, RedisClient } from 'bullmq';
import { abortReason, type CancelTimer, type Clock } from '../../core/clock.js';
import type { WaitToken } from '../../core/context.js';
import { DatataskError, ErrorCode, TimeoutError } from '../../core/errors.js';
import type { TokenOutcome, TokenRegistry } from '../../core/wait-tokens.js';
import type { QueueSet } from './queue-set.js';
import { runScript } from './redis-scripts.js';
import { fromWireError, toWireError, type WireError } from './wire.js';

/** The stream completions are announced on (a queue of its own, with no jobs). */
export const controlQueueName = 'datatasks-control';
const tokenEventName = 'datatasks.token';
/** Asks the workers to abort a run in flight (its caller's signal aborted). */
export const cancelEventName = 'datatasks.cancel';
/** Tokens without a timeout are forgotten after this long. */
const tokenTtlMs = 30 * 86_400_000;

type StoredOutcome = { ok: true; output: unknown } | { ok: false; error: WireError };

function tokenKey(prefix: string, id: string): string {
  return `${prefix}:datatasks:token:${id}`;
}

function outcomeKey(prefix: string, id: string): string {
  return `${prefix}:datatasks:token:${id}:outcome`;
}

async function controlClient(queues: QueueSet): Promise<RedisClient> {
  return queues.queue(controlQueueName).getBackend().client;
}

/** Completes a token from any process; completing one that already ended does nothing. */
export async function completeRedisToken(queues: QueueSet, tokenId: string, output: unknown): Promise<void> {
  const client = await controlClient(queues);
  const outcome = JSON.stringify({ ok: true, output: output ?? null } satisfies StoredOutcome);
  const settled = await runScript(client, 'datatasksSettleToken', [
    tokenKey(queues.prefix, tokenId),
    outcomeKey(queues.prefix, tokenId),
    outcome,
    tokenTtlMs,
  ]);
  if (settled === -1) throw new DatataskError(ErrorCode.INVALID_INPUT, `Unknown wait token "${tokenId}"`);
  if (settled === 1) await queues.publish(controlQueueName, { eventName: tokenEventName, tokenId });
}

/**
 * Wait tokens kept in Redis, so a run on one worker waits for a completion sent from any process. Waiters hear of
 * completions on the control stream and then read the outcome; a timeout is settled by whoever sees it first.
 */
export function createRedisTokenRegistry(
  queues: QueueSet,
  clock: Clock,
  onCancel?: (runId: string) => void,
): TokenRegistry & { listen(): Promise<void> } {
  const created = new Map<string, Promise<{ timeoutAt?: number }>>();
  const waiters = new Map<string, Set<() => void>>();
  const timers = new Set<CancelTimer>();
  const prefix = queues.prefix;

  const onEvents = (events: QueueEvents) => {
    events.on(tokenEventName as 'added', (fields: unknown) => {
      const id = (fields as { tokenId?: string }).tokenId;
      for (const wake of (id && waiters.get(id)) || []) wake();
    });
    if (onCancel) {
      events.on(cancelEventName as 'added', (fields: unknown) => {
        const runId = (fields as { runId?: string }).runId;
        if (runId) onCancel(runId);
      });
    }
  };
  const listen = async () => {
    await queues.eventsOf(controlQueueName, onEvents);
  };

  const create = async (id: string, timeoutInMs: number | undefined) => {
    const client = await controlClient(queues);
    const meta = { timeoutAt: timeoutInMs === undefined ? undefined : clock.now() + timeoutInMs };
    const ttl = (timeoutInMs ?? 0) + tokenTtlMs;
    const fresh = await runScript(client, 'datatasksCreateToken', [tokenKey(prefix, id), JSON.stringify(meta), ttl]);
    return fresh === 1 ? meta : readMeta(id);
  };
  const readMeta = async (id: string): Promise<{ timeoutAt?: number }> => {
    const stored = await (await controlClient(queues)).get(tokenKey(prefix, id));
    if (stored === null) throw new DatataskError(ErrorCode.INVALID_INPUT, `Unknown wait token "${id}"`);
    return JSON.parse(stored) as { timeoutAt?: number };
  };
  const readOutcome = async (id: string): Promise<TokenOutcome | undefined> => {
    const stored = await (await controlClient(queues)).get(outcomeKey(prefix, id));
    if (stored === null) return undefined;
    const outcome = JSON.parse(stored) as StoredOutcome;
    return outcome.ok ? outcome : { ok: false, error: fromWireError(outcome.error) };
  };
  const settleTimeout = async (id: string) => {
    const error = new TimeoutError(`Wait token ${id} timed out`);
    const outcome = JSON.stringify({ ok: false, error: toWireError(error) } satisfies StoredOutcome);
    const client = await controlClient(queues);
    await runScript(client, 'datatasksSettleToken', [
      tokenKey(prefix, id),
      outcomeKey(prefix, id),
      outcome,
      tokenTtlMs,
    ]);
  };

  const waitFor = async <T>(id: string, signal?: AbortSignal): Promise<TokenOutcome<T>> => {
    await listen();
    const meta = await (created.get(id) ?? readMeta(id));
    let wake!: () => void;
    let cancelTimer: CancelTimer | undefined;
    let onAbort: (() => void) | undefined;
    const set = waiters.get(id) ?? new Set();
    waiters.set(id, set);
    try {
      for (;;) {
        const woken = new Promise<void>((resolve) => {
          wake = resolve;
        });
        set.add(wake);
        // Read after registering: a completion in between wakes us, one before is read here.
        const outcome = await readOutcome(id);
        if (outcome) return outcome as TokenOutcome<T>;
        if (meta.timeoutAt !== undefined && !cancelTimer) {
          cancelTimer = clock.setTimer(meta.timeoutAt - clock.now(), () => {
            void settleTimeout(id).then(wake, wake);
          });
          timers.add(cancelTimer);
        }
        const aborted = signal
          ? new Promise<never>((_, reject) => {
              if (signal.aborted) reject(abortReason(signal));
              onAbort = () => reject(abortReason(signal));
              signal.addEventListener('abort', onAbort, { once: true });
            })
          : undefined;
        await (aborted ? Promise.race([woken, aborted]) : woken);
        if (onAbort) signal?.removeEventListener('abort', onAbort);
        set.delete(wake);
      }
    } finally {
      created.delete(id);
      if (onAbort) signal?.removeEventListener('abort', onAbort);
      set.delete(wake);
      if (set.size === 0) waiters.delete(id);
      if (cancelTimer) {
        cancelTimer();
        timers.delete(cancelTimer);
      }
    }
  };

  return {
    listen,
    create(options = {}): WaitToken {
      const id =
        options.idempotencyKey === undefined
          ? `waitpoint_${randomBytes(12).toString('hex')}`
          : `waitpoint_k${createHash('sha256').update(options.idempotencyKey).digest('hex').slice(0, 24)}`;
      const pending = create(id, options.timeoutInMs);
      pending.catch(() => {}); // reported to the waiter
      created.set(id, pending);
      return { id };
    },
    complete() {
      // Completions come from a runner (`runner.completeToken`), which awaits the write and reports its errors.
      throw new DatataskError(ErrorCode.NOT_SUPPORTED, 'Complete BullMQ wait tokens with runner.completeToken()');
    },
    wait: waitFor,
    dispose() {
      for (const cancel of timers) cancel();
      timers.clear();
    },
  };
}
