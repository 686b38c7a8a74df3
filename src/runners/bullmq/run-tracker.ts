import type { Job, QueueEvents } from 'bullmq';
import type { EventEmitter } from 'eventemitter3';
import { DatataskError, ErrorCode } from '../../core/errors.js';
import { errorResult, okResult, type Result } from '../../core/result.js';
import { emitSafely, hasListeners } from '../../core/safe-emit.js';
import type { RunnerEvents } from '../runner.js';
import type { QueueSet } from './queue-set.js';
import {
  fromWireError,
  type JobProgressData,
  type JobReturnValue,
  runEventName,
  type WireError,
  type WireRunEvent,
} from './wire.js';

/** One awaited run. A class with a method, not closures: a few allocations per run on the hot path. */
class TrackedRun {
  readonly startedAt = Date.now();
  readonly done: Promise<Result<unknown>>;
  settled = false;
  reconciling = false;
  /** Attempts that failed so far: the next `active` event starts attempt `failedAttempts + 1`. */
  failedAttempts = 0;
  failure: WireError | undefined;
  private resolve!: (result: Result<unknown>) => void;

  constructor(
    private readonly tracker: RunTracker,
    readonly runId: string,
    readonly taskId: string,
    readonly queueName: string,
  ) {
    this.done = new Promise<Result<unknown>>((resolve) => {
      this.resolve = resolve;
    });
  }

  settle(result: Result<unknown>): void {
    if (this.settled) return;
    this.settled = true;
    this.tracker.ended(this, result);
    this.resolve(result);
  }
}

/** How often runs awaited for longer than this are read from their jobs (see `reconcile`). */
const reconcileIntervalMs = 5000;
const reconcileBatch = 200;

/**
 * Follows the runs a producer started, through the event streams of their queues: metadata, logs and attempts
 * become runner events while the run is in flight, and `completed`/`failed` its Result.
 */
export class RunTracker {
  private readonly runs = new Map<string, TrackedRun>();
  private reconciler: NodeJS.Timeout | undefined;

  constructor(
    private readonly queues: QueueSet,
    private readonly events: EventEmitter<RunnerEvents>,
  ) {}

  get size(): number {
    return this.runs.size;
  }

  /** Whether the queue's events are heard already (`listen` resolved). */
  listening(queueName: string): boolean {
    return this.queues.listening(queueName);
  }

  /** Starts listening to a queue; call before adding jobs to it, so none of their events is missed. */
  listen(queueName: string): Promise<QueueEvents> {
    return this.queues.eventsOf(queueName, (queueEvents) => this.attach(queueEvents));
  }

  /** The result of a run (tracked from now on); a run that ended before is read from its job. */
  track(runId: string, taskId: string, queueName: string): Promise<Result<unknown>> {
    const known = this.runs.get(runId);
    if (known) return known.done;
    const run = new TrackedRun(this, runId, taskId, queueName);
    this.runs.set(runId, run);
    this.reconciler ??= setInterval(() => this.reconcile(), reconcileIntervalMs).unref();
    return run.done;
  }

  /** A run settled: it is no longer tracked, and `run:complete` says so. */
  ended(run: TrackedRun, result: Result<unknown>): void {
    this.runs.delete(run.runId);
    if (this.runs.size === 0) this.stopReconciling();
    if (hasListeners(this.events, 'run:complete')) {
      const durationMs = Date.now() - run.startedAt;
      emitSafely(this.events, 'run:complete', { runId: run.runId, taskId: run.taskId, result, durationMs });
    }
  }

  /** Settles a tracked run from its job if it ended before it was tracked (an idempotent or repeated add). */
  check(runId: string): void {
    const run = this.runs.get(runId);
    if (run) void this.settleFromJob(runId, run);
  }

  /** Settles a run from here (its job was removed before it ran: no event will come). */
  fail(runId: string, error: DatataskError): void {
    const run = this.runs.get(runId);
    run?.settle(errorResult(runId, run.taskId, error));
  }

  /** Stops tracking a run without settling it (its job was never added). */
  forget(runId: string): void {
    this.runs.delete(runId);
    if (this.runs.size === 0) this.stopReconciling();
  }

  /**
   * A safety net, not the path results take: a producer that fell behind a full event stream (trimmed to its
   * maximum length) would miss a `completed` event, so runs awaited for a while are read from their jobs.
   */
  private reconcile(): void {
    const before = Date.now() - reconcileIntervalMs;
    let checked = 0;
    for (const [runId, run] of this.runs) {
      if (run.startedAt > before || run.reconciling) continue;
      run.reconciling = true;
      void this.settleFromJob(runId, run).finally(() => {
        run.reconciling = false;
      });
      if (++checked >= reconcileBatch) break;
    }
  }

  private stopReconciling(): void {
    clearInterval(this.reconciler);
    this.reconciler = undefined;
  }

  /** Ends every run still awaited (the producer closes; the runs go on on the workers). */
  abandon(error: DatataskError): void {
    for (const [runId, run] of this.runs) run.settle(errorResult(runId, run.taskId, error));
    this.stopReconciling();
  }

  private attach(queueEvents: QueueEvents): void {
    queueEvents.on('active', ({ jobId }) => {
      const run = this.runs.get(jobId);
      if (!run || !hasListeners(this.events, 'attempt:start')) return;
      emitSafely(this.events, 'attempt:start', { runId: jobId, taskId: run.taskId, attempt: run.failedAttempts + 1 });
    });
    queueEvents.on('progress', ({ jobId, data }) => this.onProgress(jobId, data as unknown as JobProgressData));
    queueEvents.on('completed', ({ jobId, returnvalue }) => {
      const run = this.runs.get(jobId);
      if (run) run.settle(okResult(jobId, run.taskId, (returnvalue as JobReturnValue | null)?.output));
    });
    queueEvents.on('failed', ({ jobId, failedReason }) => {
      const run = this.runs.get(jobId);
      if (run) void this.settleFailed(jobId, run, failedReason);
    });
    queueEvents.on(runEventName as 'added', (fields: unknown) => this.onRunEvent(fields as { data?: string }));
  }

  private onProgress(runId: string, data: JobProgressData | undefined): void {
    const run = this.runs.get(runId);
    if (!run || !data || typeof data !== 'object') return;
    if (data.failure) run.failure = data.failure;
    else emitSafely(this.events, 'metadata', { runId, taskId: run.taskId, metadata: data.metadata ?? {} });
  }

  private onRunEvent(fields: { data?: string }): void {
    if (typeof fields.data !== 'string') return;
    const event = JSON.parse(fields.data) as WireRunEvent;
    const runId = event.kind === 'log' ? event.record.runId : event.runId;
    const run = this.runs.get(runId);
    if (!run) return;
    if (event.kind === 'log') emitSafely(this.events, 'log', event.record);
    else {
      run.failedAttempts = Math.max(run.failedAttempts, event.attempt);
      const { kind: _kind, error, ...rest } = event;
      emitSafely(this.events, 'attempt:fail', { ...rest, error: fromWireError(error) });
    }
  }

  private async settleFailed(runId: string, run: TrackedRun, failedReason: string): Promise<void> {
    let failure = run.failure;
    if (!failure) {
      try {
        const job = await this.queues.queue(run.queueName).getJob(runId);
        failure = (job?.progress as JobProgressData | undefined)?.failure;
      } catch (error) {
        this.queues.onError(error as Error); // settled below with BullMQ's reason
      }
    }
    run.settle(errorResult(runId, run.taskId, failure ? fromWireError(failure) : queueFailure(failedReason)));
  }

  /** For a run that may have ended before it was tracked (an idempotent trigger, a result asked for late). */
  private async settleFromJob(runId: string, run: TrackedRun): Promise<void> {
    try {
      await this.readJob(runId, run);
    } catch (error) {
      this.queues.onError(error as Error); // the events (or the next reconciliation) still settle the run
    }
  }

  private async readJob(runId: string, run: TrackedRun): Promise<void> {
    const queue = this.queues.queue(run.queueName);
    // The state first: a finished job's hash no longer changes, so what is read next is its final content.
    const state = await queue.getJobState(runId);
    if (state !== 'completed' && state !== 'failed' && state !== 'unknown') return;
    const job: Job | undefined = state === 'unknown' ? undefined : await queue.getJob(runId);
    if (!job) {
      const error = new DatataskError(ErrorCode.INTERNAL, `Run ${runId} is not in queue "${run.queueName}"`);
      run.settle(errorResult(runId, run.taskId, error));
    } else if (state === 'completed') {
      run.settle(okResult(runId, run.taskId, (job.returnvalue as JobReturnValue | null)?.output));
    } else {
      const failure = (job.progress as JobProgressData | undefined)?.failure;
      run.settle(errorResult(runId, run.taskId, failure ? fromWireError(failure) : queueFailure(job.failedReason)));
    }
  }
}

/** A failure BullMQ decided on its own (a job that stalled too often, a lost lock): no typed error was written. */
function queueFailure(failedReason: string): DatataskError {
  return new DatataskError(ErrorCode.INTERNAL, `The queue failed the run: ${failedReason}`);
}
