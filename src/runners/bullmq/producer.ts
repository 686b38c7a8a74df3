import type { BatchItem, RunHandle, TriggerOptions } from '../../core/context.js';
import { AbortError, DatataskError, ErrorCode, toDatataskError } from '../../core/errors.js';
import { collectSecrets, createRedactor } from '../../core/redact.js';
import { errorResult, type Result } from '../../core/result.js';
import { emitSafely, hasListeners } from '../../core/safe-emit.js';
import type { AnyTaskDefinition, TaskOutput, TaskPayload } from '../../core/task.js';
import { parseWith } from '../../core/validate.js';
import { TypedEventSource } from '../event-source.js';
import { InProcessRunHandle } from '../in-process/run-handle.js';
import { TaskRegistry } from '../in-process/task-registry.js';
import type { Runner } from '../runner.js';
import { jobOptionsOf, newRunId, refuseInlineSecrets } from './job-options.js';
import { loadBullmq } from './load-bullmq.js';
import { type BullmqRunnerOptions, defaultQueueName } from './options.js';
import { QueueSet } from './queue-set.js';
import { cancelEventName, completeRedisToken, controlQueueName } from './redis-tokens.js';
import { RunTracker } from './run-tracker.js';
import type { JobData } from './wire.js';

/** How a run is added beyond its trigger options: child runs get a stable id, so a re-run finds them again. */
export interface StartOptions {
  jobId?: string;
  parentRunId?: string;
}

/**
 * The producer side: a Runner whose runs execute on BullMQ workers (`createBullmqWorker`) in any process. It
 * validates payloads before anything reaches Redis and follows its runs through the queues' event streams.
 */
export class BullmqRunner extends TypedEventSource implements Runner {
  private readonly registry = new TaskRegistry([]);
  private setup: Promise<{ queues: QueueSet; tracker: RunTracker }> | undefined;
  private connected: { queues: QueueSet; tracker: RunTracker } | undefined;
  private closing: Promise<void> | undefined;

  constructor(private readonly options: BullmqRunnerOptions) {
    super();
  }

  // Not async: start's promise is returned as it is (no extra promise and turn per run).
  trigger<T extends AnyTaskDefinition>(task: T, payload: TaskPayload<T>, options?: TriggerOptions) {
    return this.start(task, payload, options) as Promise<RunHandle<TaskOutput<T>>>;
  }

  async triggerAndWait<T extends AnyTaskDefinition>(task: T, payload: TaskPayload<T>, options?: TriggerOptions) {
    const handle = await this.start(task, payload, options);
    return handle.result() as Promise<Result<TaskOutput<T>>>;
  }

  async batchTrigger<T extends AnyTaskDefinition>(task: T, items: BatchItem<T>[]) {
    const handles = await Promise.all(items.map((item) => this.start(task, item.payload, item.options)));
    return handles as RunHandle<TaskOutput<T>>[];
  }

  async batchTriggerAndWait<T extends AnyTaskDefinition>(task: T, items: BatchItem<T>[]) {
    const handles = await this.batchTrigger(task, items);
    return Promise.all(handles.map((handle) => handle.result()));
  }

  /** Completes a wait token from this process; the run waiting for it may be on any worker. */
  async completeToken(tokenId: string, output?: unknown): Promise<void> {
    this.assertOpen();
    await completeRedisToken((await this.ready()).queues, tokenId, output);
  }

  /**
   * Closes this producer's connections. Runs go on on the workers; a result still awaited here resolves with
   * RUNNER_CLOSED (read it later from another producer with the same idempotency key).
   */
  close(): Promise<void> {
    this.closing ??= (async () => {
      if (!this.setup) return;
      const { queues, tracker } = await this.setup;
      tracker.abandon(
        new DatataskError(ErrorCode.RUNNER_CLOSED, 'The producer closed before the result arrived (the run goes on)'),
      );
      await queues.close();
    })();
    return this.closing;
  }

  /** Adds one run (used by `trigger*` and by the worker for child runs). */
  async start(
    task: AnyTaskDefinition,
    payload: unknown,
    options: TriggerOptions = {},
    start: StartOptions = {},
  ): Promise<RunHandle<unknown>> {
    this.assertOpen();
    this.registry.resolve(task);
    const runId = start.jobId ?? newRunId();
    try {
      await parseWith(task.schema, payload, `payload of task ${task.id}`);
    } catch (error) {
      return this.refused(task, runId, payload, toDatataskError(error));
    }
    if (!this.options.allowInlineSecrets) refuseInlineSecrets(task, payload);
    if (options.signal?.aborted) {
      return this.refused(task, runId, payload, new AbortError(`Run ${runId} was cancelled by its caller`));
    }
    // Once set up and listening, no await before the add (each would cost the hot path a turn).
    const { queues, tracker } = this.connected ?? (await this.ready());
    const queueName = task.queue?.name ?? this.options.defaultQueue ?? defaultQueueName;
    if (!tracker.listening(queueName)) await tracker.listen(queueName);
    const data: JobData = {
      v: 1,
      payload,
      ...(options.maxDuration !== undefined ? { maxDuration: options.maxDuration } : {}),
      ...(options.tags ? { tags: options.tags } : {}),
      ...(start.parentRunId ? { parentRunId: start.parentRunId } : {}),
    };
    // Tracked before the add, so a run that ends at once cannot slip past its result.
    const done = tracker.track(runId, task.id, queueName);
    let id: string;
    try {
      const job = await queues
        .queue(queueName)
        .add(task.id, data, jobOptionsOf(task, runId, options, this.options.keepJobs));
      id = job.id ?? runId;
    } catch (error) {
      tracker.forget(runId);
      throw new DatataskError(
        ErrorCode.CONNECTION_FAILED,
        `Adding run of task ${task.id} to queue "${queueName}" failed`,
        {
          cause: error,
        },
      );
    }
    if (id === runId) {
      if (options.signal) this.linkSignal(options.signal, queueName, runId, done);
      // A child's id is stable: after a parent's re-run the job may exist, and may have ended, already.
      if (start.jobId !== undefined) tracker.check(runId);
      if (hasListeners(this.events, 'run:start')) {
        const redactor = createRedactor(collectSecrets(payload));
        emitSafely(this.events, 'run:start', { runId, taskId: task.id, payload: redactor.redact(payload) });
      }
      return new InProcessRunHandle(runId, task.id, done);
    }
    // Deduplicated: the key's first run, which may have ended already.
    tracker.forget(runId);
    const existing = tracker.track(id, task.id, queueName);
    tracker.check(id);
    return new InProcessRunHandle(id, task.id, existing);
  }

  /**
   * The caller's signal cancels the run: a job not started yet is removed (the run ends ABORTED here); one in
   * flight is aborted on its worker through the control stream (best effort: a job being taken that instant
   * runs on).
   */
  private linkSignal(signal: AbortSignal, queueName: string, runId: string, done: Promise<unknown>): void {
    const cancel = () => void this.cancel(queueName, runId);
    signal.addEventListener('abort', cancel, { once: true });
    void done.then(() => signal.removeEventListener('abort', cancel));
  }

  private async cancel(queueName: string, runId: string): Promise<void> {
    const { queues, tracker } = await this.ready();
    const error = new AbortError(`Run ${runId} was cancelled by its caller`);
    try {
      if ((await queues.queue(queueName).remove(runId)) === 1) {
        tracker.fail(runId, error);
        return;
      }
      await queues.publish(controlQueueName, { eventName: cancelEventName, runId });
    } catch (failure) {
      queues.onError(failure as Error);
    }
  }

  /** A run refused before enqueueing (bad payload): it fails at once, nothing reaches Redis. */
  private refused(task: AnyTaskDefinition, runId: string, payload: unknown, error: DatataskError) {
    const result = errorResult<unknown>(runId, task.id, error);
    if (hasListeners(this.events, 'run:start')) {
      const redactor = createRedactor(collectSecrets(payload));
      emitSafely(this.events, 'run:start', { runId, taskId: task.id, payload: redactor.redact(payload) });
    }
    emitSafely(this.events, 'run:complete', { runId, taskId: task.id, result, durationMs: 0 });
    return new InProcessRunHandle(runId, task.id, Promise.resolve(result));
  }

  private ready() {
    this.setup ??= loadBullmq(this.options.bullmq).then((bullmq) => {
      const queues = new QueueSet(bullmq, this.options);
      this.connected = { queues, tracker: new RunTracker(queues, this.events) };
      return this.connected;
    });
    return this.setup;
  }

  private assertOpen(): void {
    if (this.closing) throw new DatataskError(ErrorCode.RUNNER_CLOSED, 'The runner is closed: it accepts no new runs');
  }
}

/** Creates the producer side of the BullMQ runner (bullmq is imported on first use). */
export function createBullmqRunner(options: BullmqRunnerOptions): BullmqRunner {
  return new BullmqRunner(options);
}
