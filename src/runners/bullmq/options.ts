import type { ConnectionOptions, KeepJobs } from 'bullmq';
import type { Logger } from '../../core/context.js';
import type { LogSink } from '../../core/logger.js';
import type { AnyTaskDefinition } from '../../core/task.js';
import type { BullmqModule } from './load-bullmq.js';

export type TaskCollection = Iterable<AnyTaskDefinition> | Record<string, AnyTaskDefinition>;

/** What producers and workers share: where the queues live. */
export interface BullmqConnectionOptions {
  /** Redis connection: ioredis options (`{ host, port }`) or a client instance, as BullMQ accepts it. */
  connection: ConnectionOptions;
  /** Prefix of every Redis key this runner writes (BullMQ's `prefix`). @default 'datatasks' */
  prefix?: string;
  /** The `bullmq` module, when you import it yourself (else it is imported on first use). */
  bullmq?: BullmqModule;
  /** Queue of tasks whose definition names none (`queue.name`). @default 'datatasks' */
  defaultQueue?: string;
  /**
   * Receives connection errors of the BullMQ objects (they reconnect and retry by themselves).
   * @default a process warning (`process.emitWarning`)
   */
  onError?: (error: Error) => void;
}

export interface BullmqRunnerOptions extends BullmqConnectionOptions {
  /**
   * Accept payloads that carry inline secrets (passwords, tokens, keys) and write them to Redis as they are.
   * Prefer credential references, resolved on the worker. @default false
   */
  allowInlineSecrets?: boolean;
  /** How long finished jobs (and so their results) stay in Redis. @default { age: 86400 } (24h) */
  keepJobs?: KeepJobs;
}

export interface BullmqWorkerOptions extends BullmqConnectionOptions {
  /** The tasks this worker runs; every worker of a queue should get the same list. */
  tasks: TaskCollection;
  /** Runs at once in this process, per queue (BullMQ's worker `concurrency`). @default 10 */
  concurrency?: number;
  /** Receives every (redacted) log record of the runs of this worker. */
  logger?: Logger | LogSink;
  /**
   * How long a job's lock lasts without renewal (ms): a worker that dies is noticed after about this long.
   * @default 30000
   */
  lockDuration?: number;
  /** How often stalled jobs are looked for (ms). @default 30000 */
  stalledInterval?: number;
  /** How many times a job may stall before it fails. @default 1 */
  maxStalledCount?: number;
  /** Upsert the job schedulers of the scheduled tasks in `tasks` (once per tick, whatever the worker count). @default true */
  schedules?: boolean;
  /** Name shown on the jobs this worker processes (BullMQ's `processedBy`). @default `datatasks-<pid>` */
  name?: string;
  /** How long finished child runs this worker triggers stay in Redis. @default { age: 86400 } */
  keepJobs?: KeepJobs;
  /** Accept inline secrets in the payloads of child runs (see the runner's option). @default false */
  allowInlineSecrets?: boolean;
}

export const defaultPrefix = 'datatasks';
export const defaultQueueName = 'datatasks';
export const defaultKeepJobs: KeepJobs = { age: 86_400 };
