import { createSystemClock } from '../../core/clock.js';
import type { Logger } from '../../core/context.js';
import type { LogSink } from '../../core/logger.js';
import { RunnerEngine, type TaskCollection } from './engine.js';

export type { CronTimer, ScheduledPayload, ScheduleOptions } from '../../core/schedules.js';
export type { CloseOptions, TaskCollection } from './engine.js';

export interface InProcessRunnerOptions {
  /** Tasks known up front (duplicate ids are rejected here); others are registered when first triggered. */
  tasks?: TaskCollection;
  /** Runs executing at once; batches and child runs share it. @default 10 */
  concurrency?: number;
  /** Receives every (redacted) log record of every run: a Logger or a record callback. */
  logger?: Logger | LogSink;
}

/** The in-process runner: a Runner (plus `schedule` and `close({ abortRuns })`) that runs tasks in this process. */
export type InProcessRunner = RunnerEngine;

/**
 * Runs tasks in this process with p-retry/p-timeout semantics, bounded concurrency, idempotency keys, waits and
 * tokens, child runs and cron schedules (croner). Scheduled tasks in `tasks` start firing at once.
 */
export function createInProcessRunner(options: InProcessRunnerOptions = {}): InProcessRunner {
  return new RunnerEngine({ ...options, clock: createSystemClock() });
}
