/**
 * A Runner over a built Trigger.dev image: each attempt runs in the CLI's TaskRunProcess (the real TaskExecutor),
 * and this class plays the platform between attempts (retry delays from the attempt's result, metadata carried over
 * through the stand-in API). It lets the shared runner behaviour suite run against the real executor. Test code.
 */
import { parsePacket } from '@trigger.dev/core/v3';
import { EventEmitter } from 'eventemitter3';
import type { BatchItem, MetadataValue, RunHandle, TriggerOptions } from '../../src/core/context.js';
import { DatataskError, ErrorCode } from '../../src/core/errors.js';
import { errorResult, okResult, type Result } from '../../src/core/result.js';
import type { AnyTaskDefinition, TaskOutput, TaskPayload } from '../../src/core/task.js';
import type { Runner, RunnerEvents } from '../../src/runners/runner.js';
import { fromTriggerError } from '../../src/runners/trigger-dev/errors.js';
import type { BuiltImage } from './trigger-project.js';
import { type AttemptResult, runAttempt, type StandInApi } from './trigger-worker.js';

let runs = 0;

/** The attempt's error as the platform stores it (name and message), back into our typed error. */
function errorOf(result: AttemptResult): DatataskError {
  const error = result.error ?? { type: 'INTERNAL_ERROR', message: 'no error in the result' };
  if (error.type === 'INTERNAL_ERROR') {
    // A payload the schema rejected arrives as TASK_INPUT_ERROR carrying the zod issues.
    const typed = fromTriggerError({ message: error.message });
    if (typed.code !== ErrorCode.INTERNAL) return typed;
    return new DatataskError(ErrorCode.INTERNAL, `${error.code ?? 'INTERNAL_ERROR'}: ${error.message ?? ''}`);
  }
  const thrown = Object.assign(new Error(error.message ?? ''), { name: error.name ?? 'Error' });
  return fromTriggerError(thrown);
}

export class TriggerWorkerRunner implements Runner {
  private readonly events = new EventEmitter<RunnerEvents>();
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly image: BuiltImage,
    private readonly api: StandInApi,
  ) {}

  on<E extends keyof RunnerEvents>(event: E, listener: RunnerEvents[E]): this {
    this.events.on(event, listener as never);
    return this;
  }

  once<E extends keyof RunnerEvents>(event: E, listener: RunnerEvents[E]): this {
    this.events.once(event, listener as never);
    return this;
  }

  off<E extends keyof RunnerEvents>(event: E, listener: RunnerEvents[E]): this {
    this.events.off(event, listener as never);
    return this;
  }

  private emit<E extends keyof RunnerEvents>(event: E, payload: Parameters<RunnerEvents[E]>[0]): void {
    (this.events.emit as (name: string, value: unknown) => boolean)(event, payload);
  }

  private async execute(taskId: string, payload: unknown, runId: string): Promise<Result<unknown>> {
    this.emit('run:start', { runId, taskId, payload });
    for (let attempt = 1; ; attempt++) {
      this.emit('attempt:start', { runId, taskId, attempt });
      const { result } = await runAttempt({
        imageDir: this.image.imageDir,
        workerManifest: this.image.workerManifest,
        contentHash: this.image.buildManifest.contentHash,
        api: this.api,
        taskId,
        payload,
        attempt,
        runId,
        metadata: this.api.metadata.get(runId) ?? {},
      });
      const flushed = result.flushedMetadata as { data?: string; dataType?: string } | undefined;
      if (flushed?.data) this.api.updateMetadata(runId, (await parsePacket(flushed as never)) as never);
      const metadata = (this.api.metadata.get(runId) ?? {}) as Record<string, MetadataValue>;
      this.emit('metadata', { runId, taskId, metadata });
      if (result.ok) {
        const output = await parsePacket({ data: result.output, dataType: String(result.outputType) } as never);
        return okResult(runId, taskId, output);
      }
      const error = errorOf(result);
      // A payload the schema rejected never reached the task's code: like the other runners, no attempt failed.
      if (result.error?.code === 'TASK_INPUT_ERROR') return errorResult(runId, taskId, error);
      const retryDelayMs = result.retry?.delay;
      this.emit('attempt:fail', { runId, taskId, attempt, error, ...(retryDelayMs ? { retryDelayMs } : {}) });
      if (!result.retry) return errorResult(runId, taskId, error);
      // The platform waits out the delay before the next attempt.
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, result.retry!.delay)));
    }
  }

  async trigger<T extends AnyTaskDefinition>(
    task: T,
    payload: TaskPayload<T>,
    _options?: TriggerOptions,
  ): Promise<RunHandle<TaskOutput<T>>> {
    const id = `run_worker_${++runs}_${Date.now()}`;
    // One worker process at a time: the machine has two cores.
    const done = this.queue
      .then(() => this.execute(task.id, payload, id))
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
