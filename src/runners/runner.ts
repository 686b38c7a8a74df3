import type { BatchItem, RunHandle, TriggerOptions } from '../core/context.js';
import type { Result } from '../core/result.js';
import type { RunnerEventSource } from '../core/runner-events.js';
import type { AnyTaskDefinition, TaskOutput, TaskPayload } from '../core/task.js';

export type { RunnerEventSource, RunnerEvents } from '../core/runner-events.js';

/** The small interface every runner implements. Each call takes the task definition itself. */
export interface Runner extends RunnerEventSource {
  trigger<T extends AnyTaskDefinition>(
    task: T,
    payload: TaskPayload<T>,
    options?: TriggerOptions,
  ): Promise<RunHandle<TaskOutput<T>>>;
  triggerAndWait<T extends AnyTaskDefinition>(
    task: T,
    payload: TaskPayload<T>,
    options?: TriggerOptions,
  ): Promise<Result<TaskOutput<T>>>;
  batchTrigger<T extends AnyTaskDefinition>(task: T, items: BatchItem<T>[]): Promise<RunHandle<TaskOutput<T>>[]>;
  batchTriggerAndWait<T extends AnyTaskDefinition>(task: T, items: BatchItem<T>[]): Promise<Result<TaskOutput<T>>[]>;
  /** Completes a wait token created by `ctx.wait.createToken`. */
  completeToken(tokenId: string, output?: unknown): Promise<void>;
  /** Stops schedulers, aborts waits on close, and waits for runs in flight. */
  close(): Promise<void>;
}
