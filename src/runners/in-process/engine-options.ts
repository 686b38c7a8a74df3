import type { Clock } from '../../core/clock.js';
import type { Logger, TriggerOptions } from '../../core/context.js';
import type { LogSink } from '../../core/logger.js';
import type { RunObserver } from '../../core/run-environment.js';
import type { AnyTaskDefinition } from '../../core/task.js';

export type TaskCollection = Iterable<AnyTaskDefinition> | Record<string, AnyTaskDefinition>;

export interface EngineObserver extends RunObserver {
  runCreated?(run: {
    runId: string;
    taskId: string;
    payload: unknown;
    options: TriggerOptions;
    parentRunId?: string;
  }): void;
}

export interface RunnerEngineOptions {
  tasks?: TaskCollection;
  /** Runs executing at once; batches and child runs share it. @default 10 */
  concurrency?: number;
  /** Receives every (redacted) log record of every run. */
  logger?: Logger | LogSink;
  clock: Clock;
  random?: () => number;
  observer?: EngineObserver;
}

export interface CloseOptions {
  /** Also abort the signal of every run in flight (RUNNER_CLOSED) instead of letting them finish. @default false */
  abortRuns?: boolean;
}
