import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { AnyTaskDefinition } from '../../src/core/task.js';
import {
  type BullmqRunner,
  type BullmqRunnerOptions,
  type BullmqWorker,
  type BullmqWorkerOptions,
  createBullmqRunner,
  startBullmqWorker,
} from '../../src/runners/bullmq/index.js';

export const redisConnection = { host: '127.0.0.1', port: 6379, maxRetriesPerRequest: null };

/** A key prefix no other test (or helper sharing this Redis) uses. */
export const uniquePrefix = (name: string): string => `dt16_${name}_${randomBytes(4).toString('hex')}`;

/** Every key under a prefix, with its value as text (strings, hashes, lists, sets, sorted sets, streams). */
export async function dumpKeys(prefix: string): Promise<Map<string, string>> {
  const redis = new Redis(redisConnection);
  try {
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, found] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      keys.push(...found);
    } while (cursor !== '0');
    const dump = new Map<string, string>();
    for (const key of keys) {
      const type = await redis.type(key);
      let value: unknown;
      if (type === 'string') value = await redis.get(key);
      else if (type === 'hash') value = await redis.hgetall(key);
      else if (type === 'list') value = await redis.lrange(key, 0, -1);
      else if (type === 'set') value = await redis.smembers(key);
      else if (type === 'zset') value = await redis.zrange(key, '0', '-1', 'WITHSCORES');
      else if (type === 'stream') value = await redis.xrange(key, '-', '+');
      dump.set(key, JSON.stringify(value));
    }
    return dump;
  } finally {
    redis.disconnect();
  }
}

/** Deletes every key under a prefix this test created. */
export async function deleteKeys(prefix: string): Promise<void> {
  const redis = new Redis(redisConnection);
  try {
    let cursor = '0';
    do {
      const [next, found] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (found.length > 0) await redis.del(...found);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

export interface BullmqPair {
  prefix: string;
  runner: BullmqRunner;
  worker: Promise<BullmqWorker>;
  close(): Promise<void>;
}

/** A producer and an in-process worker on a fresh prefix; `close` also deletes the prefix's keys. */
export function openPair(
  tasks: AnyTaskDefinition[],
  options: { runner?: Partial<BullmqRunnerOptions>; worker?: Partial<BullmqWorkerOptions>; name?: string } = {},
): BullmqPair {
  const prefix = uniquePrefix(options.name ?? 'pair');
  const runner = createBullmqRunner({ connection: redisConnection, prefix, ...options.runner });
  const worker = startBullmqWorker({ connection: redisConnection, prefix, tasks, concurrency: 8, ...options.worker });
  let closing: Promise<void> | undefined;
  const closeRunner = runner.close.bind(runner);
  const close = () => {
    closing ??= (async () => {
      await closeRunner();
      await (await worker).close();
      await deleteKeys(prefix);
    })();
    return closing;
  };
  return { prefix, runner, worker, close };
}

/** The producer as a Runner whose close() also stops its worker (for the shared behaviour suite). */
export function pairedRunner(tasks: AnyTaskDefinition[], options: Parameters<typeof openPair>[1] = {}): BullmqRunner {
  const pair = openPair(tasks, options);
  return Object.assign(pair.runner, { close: pair.close });
}
