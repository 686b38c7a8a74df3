import type { BatchItem, RunHandle, TriggerOptions } from '../../src/core/context.js';
import { DatataskError, ErrorCode } from '../../src/core/errors.js';
import type { Result } from '../../src/core/result.js';
import type { AnyTaskDefinition, TaskOutput, TaskPayload } from '../../src/core/task.js';
import { TypedEventSource } from '../../src/runners/event-source.js';
import type { Runner, RunnerEvents } from '../../src/runners/runner.js';

let runs = 0;

/**
 * A Runner for the Trigger.dev test harnesses: runs one after another (the SDK's offline context is process-global;
 * a built worker is one process of a 2-core machine), each through the subclass's `execute`. No wait tokens: they
 * need the platform.
 */
export abstract class SerialRunner extends TypedEventSource implements Runner {
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly idPrefix: string) {
    super();
  }

  /** Runs every attempt of one run and reports its events; resolves with the run's result. */
  protected abstract execute(task: AnyTaskDefinition, payload: unknown, runId: string): Promise<Result<unknown>>;

  protected emit<E extends keyof RunnerEvents>(event: E, payload: Parameters<RunnerEvents[E]>[0]): void {
    (this.events.emit as (name: string, value: unknown) => boolean)(event, payload);
  }

  async trigger<T extends AnyTaskDefinition>(
    task: T,
    payload: TaskPayload<T>,
    _options?: TriggerOptions,
  ): Promise<RunHandle<TaskOutput<T>>> {
    const id = `${this.idPrefix}_${++runs}_${Date.now()}`;
    const done = this.queue
      .then(() => this.execute(task, payload, id))
      .then((result) => {
        this.emit('run:complete', { runId: id, taskId: task.id, result, durationMs: 0 });
        return result as Result<TaskOutput<T>>;
      });
    this.queue = done.then(() => undefined);
    return { id, taskId: task.id, result: () => done };
  }

  async triggerAndWait<T extends AnyTaskDefinition>(
    task: T,
    payload: TaskPayload<T>,
    options?: TriggerOptions,
  ): Promise<Result<TaskOutput<T>>> {
    return (await this.trigger(task, payload, options)).result();
  }

  async batchTrigger<T extends AnyTaskDefinition>(task: T, items: BatchItem<T>[]): Promise<RunHandle<TaskOutput<T>>[]> {
    return Promise.all(items.map((item) => this.trigger(task, item.payload, item.options)));
  }

  async batchTriggerAndWait<T extends AnyTaskDefinition>(
    task: T,
    items: BatchItem<T>[],
  ): Promise<Result<TaskOutput<T>>[]> {
    const handles = await this.batchTrigger(task, items);
    return Promise.all(handles.map((handle) => handle.result()));
  }

  async completeToken(): Promise<void> {
    throw new DatataskError(ErrorCode.NOT_SUPPORTED, 'Wait tokens need the Trigger.dev platform');
  }

  async close(): Promise<void> {
    this.events.removeAllListeners();
  }
}
