import type { BatchItem, Logger, RunContext, RunHandle, RunMetadata, TriggerOptions, WaitApi } from './context.js';
import type { Result } from './result.js';
import type { RunState } from './run-state.js';
import type { AnyTaskDefinition, TaskOutput, TaskPayload } from './task.js';

/**
 * The `ctx` of one attempt. A class, so creating one per attempt costs one small object; services come from the
 * run's state on first use. Methods read `this`: call them as `ctx.trigger(...)`.
 */
export class AttemptContext implements RunContext {
  constructor(
    private readonly state: RunState,
    readonly attempt: number,
  ) {}

  get redact(): { addSecrets(...values: Array<string | undefined | null>): void } {
    return this.state.redactApi;
  }

  get runId(): string {
    return this.state.runId;
  }

  get taskId(): string {
    return this.state.taskId;
  }

  get signal(): AbortSignal {
    return this.state.signal;
  }

  get logger(): Logger {
    return this.state.logger;
  }

  get metadata(): RunMetadata {
    return this.state.metadata;
  }

  get wait(): WaitApi {
    return this.state.wait;
  }

  trigger<T extends AnyTaskDefinition>(
    task: T,
    payload: TaskPayload<T>,
    options?: TriggerOptions,
  ): Promise<RunHandle<TaskOutput<T>>> {
    return this.state.children.trigger(task, payload, options);
  }

  triggerAndWait<T extends AnyTaskDefinition>(
    task: T,
    payload: TaskPayload<T>,
    options?: TriggerOptions,
  ): Promise<Result<TaskOutput<T>>> {
    return this.state.children.triggerAndWait(task, payload, options);
  }

  batchTrigger<T extends AnyTaskDefinition>(task: T, items: BatchItem<T>[]): Promise<RunHandle<TaskOutput<T>>[]> {
    return this.state.children.batchTrigger(task, items);
  }

  batchTriggerAndWait<T extends AnyTaskDefinition>(task: T, items: BatchItem<T>[]): Promise<Result<TaskOutput<T>>[]> {
    return this.state.children.batchTriggerAndWait(task, items);
  }
}
