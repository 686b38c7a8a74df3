import type { Worker } from 'bullmq';
import { createSystemClock } from '../../core/clock.js';
import { AbortError, DatataskError, ErrorCode } from '../../core/errors.js';
import { toLogSink } from '../../core/logger.js';
import { retryPolicyOf } from '../../core/retry-decision.js';
import { isScheduledTask } from '../../core/schedules.js';
import type { AnyTaskDefinition } from '../../core/task.js';
import { TypedEventSource } from '../event-source.js';
import { TaskRegistry, taskList } from '../in-process/task-registry.js';
import type { RunnerEventSource } from '../runner.js';
import { createChildRuns } from './child-runs.js';
import { executeJob, RetryLaterError, type WorkerRuntime } from './execute-job.js';
import { backoffType } from './job-options.js';
import { loadBullmq } from './load-bullmq.js';
import { type BullmqWorkerOptions, defaultKeepJobs, defaultQueueName } from './options.js';
import { type BullmqRunner, createBullmqRunner } from './producer.js';
import { QueueSet } from './queue-set.js';
import { createRedisTokenRegistry } from './redis-tokens.js';
import { toWireError } from './wire.js';

export interface WorkerCloseOptions {
  /**
   * Leave at once instead of draining: runs in flight are aborted here and write nothing more; their jobs stall
   * and another worker runs them again once the lock expires. @default false
   */
  force?: boolean;
}

/** Groups tasks by queue and checks that tasks sharing a queue agree on its concurrency limit. */
function queuesOf(tasks: AnyTaskDefinition[], fallback: string): Map<string, number | undefined> {
  const limits = new Map<string, number | undefined>();
  for (const task of tasks) {
    const name = task.queue?.name ?? fallback;
    const limit = task.queue?.concurrencyLimit;
    const known = limits.get(name);
    if (known !== undefined && limit !== undefined && known !== limit) {
      throw new DatataskError(
        ErrorCode.INVALID_INPUT,
        `Tasks on queue "${name}" ask for different concurrency limits (${known} and ${limit}): use one value`,
        { details: { field: 'queue.concurrencyLimit' } },
      );
    }
    limits.set(name, known ?? limit);
  }
  return limits;
}

/**
 * The worker side: runs the tasks of its list from their BullMQ queues. Start one in as many processes and
 * machines as you like, with the same task list and Redis; each run is executed by one of them at a time.
 */
export class BullmqWorker extends TypedEventSource implements RunnerEventSource {
  readonly queueNames: string[];
  private readonly registry: TaskRegistry;
  private readonly closeController = new AbortController();
  private readonly workers: Worker[] = [];
  private runtime: WorkerRuntime | undefined;
  private childRunner: BullmqRunner | undefined;
  private closing: Promise<void> | undefined;
  private readonly limits: Map<string, number | undefined>;

  constructor(private readonly options: BullmqWorkerOptions) {
    super();
    this.registry = new TaskRegistry(taskList(options.tasks));
    this.limits = queuesOf(this.registry.all(), options.defaultQueue ?? defaultQueueName);
    this.queueNames = [...this.limits.keys()];
    if (this.queueNames.length === 0) {
      throw new DatataskError(ErrorCode.INVALID_INPUT, 'A BullMQ worker needs at least one task', {
        details: { field: 'tasks' },
      });
    }
  }

  /** Connects, applies queue limits and schedules, and starts taking jobs. */
  async start(): Promise<void> {
    const bullmq = await loadBullmq(this.options.bullmq);
    const queues = new QueueSet(bullmq, this.options);
    // A caller's signal aborts a run on whichever worker has it. Found here by run id rather than through
    // BullMQ's cancelJob: a processor that takes BullMQ's signal costs every job an AbortController.
    const tokens = createRedisTokenRegistry(queues, createSystemClock(), (runId) => {
      this.runtime?.runs.get(runId)?.state.abort(new AbortError(`Run ${runId} was cancelled on its worker`));
    });
    const env = {
      clock: createSystemClock(),
      events: this.events,
      random: Math.random,
      tokens,
      closeSignal: this.closeController.signal,
      logSink: this.options.logger ? toLogSink(this.options.logger) : undefined,
    };
    const runtime: WorkerRuntime = {
      bullmq,
      registry: this.registry,
      queues,
      env,
      runs: new Map(),
      childTasks: (parentRunId, attempt, lease) =>
        createChildRuns(() => this.childRunnerOf(), parentRunId, attempt, lease),
      abandoned: false,
    };
    this.runtime = runtime;
    this.forwardEvents(runtime);
    try {
      await tokens.listen();
      for (const [name, limit] of this.limits) {
        if (limit !== undefined) await queues.queue(name).setGlobalConcurrency(limit);
        this.workers.push(this.createWorker(runtime, name));
      }
      await Promise.all(this.workers.map((worker) => worker.waitUntilReady()));
      if (this.options.schedules !== false) await this.upsertSchedules(queues);
    } catch (error) {
      // Nothing stays connected after a failed start; the start's error is the one to report.
      await this.close({ force: true }).catch(runtime.queues.onError);
      throw error;
    }
  }

  /** Stops taking jobs and waits for the runs in flight (or, with `force`, leaves them to other workers). */
  close(options: WorkerCloseOptions = {}): Promise<void> {
    if (options.force && this.runtime) {
      this.runtime.abandoned = true;
      const error = new DatataskError(ErrorCode.RUNNER_CLOSED, 'The worker closed during the run');
      for (const run of this.runtime.runs.values()) run.state.abort(error);
      this.closeController.abort(error);
    }
    this.closing ??= this.shutDown(options.force === true);
    return this.closing;
  }

  private async shutDown(force: boolean): Promise<void> {
    const results = await Promise.allSettled(this.workers.map((worker) => worker.close(force)));
    this.runtime?.env.tokens.dispose();
    const closing = [this.childRunner?.close(), this.runtime?.queues.close()];
    const all = [...results, ...(await Promise.allSettled(closing))];
    const failed = all.find((result) => result.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
  }

  /** The producer of this worker's child runs, made on the first child. */
  private childRunnerOf(): BullmqRunner {
    this.childRunner ??= createBullmqRunner(this.options);
    return this.childRunner;
  }

  private createWorker(runtime: WorkerRuntime, name: string): Worker {
    const options = this.options;
    const worker = new runtime.bullmq.Worker(name, (job) => executeJob(runtime, job), {
      ...runtime.queues.connectionOptions,
      concurrency: options.concurrency ?? 10,
      name: options.name ?? `datatasks-${process.pid}`,
      ...(options.lockDuration !== undefined ? { lockDuration: options.lockDuration } : {}),
      ...(options.stalledInterval !== undefined ? { stalledInterval: options.stalledInterval } : {}),
      ...(options.maxStalledCount !== undefined ? { maxStalledCount: options.maxStalledCount } : {}),
      settings: {
        // Our RetryPolicy (jitter and catchError included) decided the delay; BullMQ only waits it out.
        backoffStrategy: (_attemptsMade, type, error) =>
          type === backoffType && error instanceof RetryLaterError ? error.retryDelayMs : 0,
      },
    });
    worker.on('error', runtime.queues.onError);
    return worker;
  }

  private async upsertSchedules(queues: QueueSet): Promise<void> {
    const keep = this.options.keepJobs ?? defaultKeepJobs;
    for (const task of this.registry.all()) {
      if (!isScheduledTask(task)) continue;
      const queueName = task.queue?.name ?? this.options.defaultQueue ?? defaultQueueName;
      await queues.queue(queueName).upsertJobScheduler(
        task.id,
        { pattern: task.schedule.cron, tz: task.schedule.timezone ?? 'UTC' },
        {
          name: task.id,
          data: { v: 1, payload: null },
          opts: {
            attempts: retryPolicyOf(task).maxAttempts,
            backoff: { type: backoffType },
            removeOnComplete: keep,
            removeOnFail: keep,
          },
        },
      );
    }
  }

  /**
   * What a run's events become: writes to its job and its queue's event stream, read by producers. Attempt starts
   * are not written: producers see them as BullMQ's own `active` events, so a run that reports nothing costs no
   * extra write.
   */
  private forwardEvents(runtime: WorkerRuntime): void {
    const { runs } = runtime;
    this.events.on('metadata', ({ runId, metadata }) => {
      const run = runs.get(runId);
      if (run && !run.restoring) run.writer.metadata(metadata);
    });
    this.events.on('log', (record) => runs.get(record.runId)?.writer.event({ kind: 'log', record }));
    this.events.on('attempt:fail', ({ error, ...event }) =>
      runs.get(event.runId)?.writer.event({ kind: 'attempt:fail', ...event, error: toWireError(error) }),
    );
  }
}

/** Creates and starts a worker; resolves once it takes jobs. */
export async function startBullmqWorker(options: BullmqWorkerOptions): Promise<BullmqWorker> {
  const worker = new BullmqWorker(options);
  await worker.start();
  return worker;
}
