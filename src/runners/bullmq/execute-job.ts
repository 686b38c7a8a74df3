import type { Job } from 'bullmq';
import { type AttemptStepOutcome, runAttemptStep } from '../../core/attempt-step.js';
import { ConcurrencySlots, SlotLease } from '../../core/concurrency.js';
import type { ChildTasks } from '../../core/context.js';
import { DatataskError, ErrorCode, toDatataskError } from '../../core/errors.js';
import { redactOutput, withDeadline } from '../../core/execute-run.js';
import { redactError } from '../../core/redact-error.js';
import { errorResult, okResult, type Result } from '../../core/result.js';
import type { RunEnvironment } from '../../core/run-environment.js';
import { RunState } from '../../core/run-state.js';
import { emitSafely, hasListeners } from '../../core/safe-emit.js';
import { parseCron, type ScheduledPayload } from '../../core/schedules.js';
import type { AnyTaskDefinition } from '../../core/task.js';
import { parseWith } from '../../core/validate.js';
import type { TaskRegistry } from '../in-process/task-registry.js';
import { ActiveRun, JobEnvironment } from './active-run.js';
import { JobWriter } from './job-writer.js';
import type { BullmqModule } from './load-bullmq.js';
import type { QueueSet } from './queue-set.js';
import { type JobData, type JobProgressData, type JobReturnValue, toWireError } from './wire.js';

/** What every job of one worker shares. */
export interface WorkerRuntime {
  bullmq: BullmqModule;
  registry: TaskRegistry;
  queues: QueueSet;
  /** The run environment of every job but its child runs (those know their parent and attempt). */
  env: Omit<RunEnvironment, 'childTasks'>;
  /** Each run in flight, by run id: the worker's event listeners forward to its writer, cancels abort it. */
  runs: Map<string, ActiveRun>;
  childTasks(parentRunId: string, attempt: number, lease: SlotLease): ChildTasks;
  /** Set when the worker force-closes: runs in flight write nothing more, their jobs stall and move on. */
  abandoned: boolean;
}

/** Thrown to BullMQ for a failed attempt that is retried: the backoff strategy reads `retryDelayMs`. */
export class RetryLaterError extends Error {
  constructor(
    message: string,
    readonly retryDelayMs: number,
  ) {
    super(message);
    this.name = 'RetryLaterError';
  }
}

/** Payload of a job made by a job scheduler (see worker schedules): the tick it stands for. */
function scheduledPayload(job: Job, definition: AnyTaskDefinition): ScheduledPayload {
  const schedule = (definition as { schedule?: { cron: string; timezone?: string } }).schedule!;
  const timestamp = new Date(job.opts.prevMillis ?? job.timestamp);
  const cron = parseCron(schedule);
  return {
    timestamp,
    timezone: schedule.timezone ?? 'UTC',
    scheduleId: job.repeatJobKey ?? definition.id,
    upcoming: cron.nextRuns(5, timestamp),
  };
}

function rawPayloadOf(job: Job, definition: AnyTaskDefinition): unknown {
  if (job.repeatJobKey !== undefined) return scheduledPayload(job, definition);
  return (job.data as JobData).payload;
}

function createState(runtime: WorkerRuntime, job: Job, definition: AnyTaskDefinition, attempt: number) {
  const data = job.data as Partial<JobData>;
  const lease = new SlotLease(new ConcurrencySlots(1));
  lease.start();
  const runId = job.id!;
  const env = new JobEnvironment(runtime.env, attempt, runtime.childTasks);
  const options = data.maxDuration === undefined ? {} : { maxDuration: data.maxDuration };
  return new RunState({ runId, taskId: definition.id, options, lease }, env, rawPayloadOf(job, definition));
}

async function step(definition: AnyTaskDefinition, state: RunState, attempt: number): Promise<AttemptStepOutcome> {
  try {
    const payload = await parseWith(definition.schema, state.rawPayload, `payload of task ${state.taskId}`);
    const maxDuration = state.setup.options.maxDuration ?? definition.maxDuration;
    return await withDeadline(state, runAttemptStep(definition, payload, state, attempt), maxDuration);
  } catch (error) {
    return { kind: 'done', outcome: { ok: false, error: toDatataskError(error) } };
  }
}

/** An error for BullMQ to record (failedReason, stacktrace) that carries nothing the redactor did not clean. */
function queueError<E extends Error>(error: E, from: DatataskError): E {
  error.stack = `${error.name}: ${error.message}\n${from.stack?.split('\n').slice(1).join('\n') ?? ''}`;
  return error;
}

/**
 * Runs one attempt of a run (one BullMQ attempt; a re-run after a stall is the same attempt again), with the
 * metadata of the attempts before it, and turns its outcome into what BullMQ expects: a return value, a retry
 * (backoff from our RetryPolicy) or an UnrecoverableError.
 */
export async function executeJob(runtime: WorkerRuntime, job: Job): Promise<JobReturnValue> {
  const definition = runtime.registry.get(job.name);
  const unreadable = job.repeatJobKey === undefined && (job.data as Partial<JobData> | null)?.v !== 1;
  if (!definition || unreadable) {
    const error = definition
      ? new DatataskError(ErrorCode.NOT_SUPPORTED, `Job ${job.id} was not written by a datatasks producer (v1)`)
      : new DatataskError(ErrorCode.TASK_NOT_FOUND, `This worker has no task "${job.name}"`);
    const writer = new JobWriter(job, runtime.queues);
    writer.failure(toWireError(error));
    await writer.flush();
    throw new runtime.bullmq.UnrecoverableError(error.message);
  }
  const attempt = job.attemptsMade + 1;
  const startedAt = runtime.env.clock.now();
  const state = createState(runtime, job, definition, attempt);
  const run = new ActiveRun(job, state, runtime.queues);
  runtime.runs.set(state.runId, run);
  try {
    const restored = (job.progress as JobProgressData | undefined)?.metadata;
    if (restored && typeof restored === 'object') {
      run.restoring = true;
      for (const [key, value] of Object.entries(restored)) state.metadata.set(key, value);
      run.restoring = false;
    }
    const outcome = await step(definition, state, attempt);
    if (runtime.abandoned) throw new DatataskError(ErrorCode.RUNNER_CLOSED, 'The worker closed during the run');
    return await settle(runtime, run, outcome, startedAt);
  } finally {
    state.setup.lease.end();
    // A job re-run here after a stall may have taken the id's entry meanwhile: only this run's own goes.
    if (runtime.runs.get(state.runId) === run) runtime.runs.delete(state.runId);
  }
}

async function settle(
  runtime: WorkerRuntime,
  run: ActiveRun,
  outcome: AttemptStepOutcome,
  startedAt: number,
): Promise<JobReturnValue> {
  const { job, state } = run;
  if (outcome.kind === 'retry') {
    await run.flush();
    const error = redactError(outcome.error, state.redactor);
    throw queueError(new RetryLaterError(error.message, outcome.delayMs), error);
  }
  if (outcome.outcome.ok) {
    let output: unknown;
    try {
      output = redactOutput(state, outcome.outcome.output);
    } catch (error) {
      const failed: AttemptStepOutcome = { kind: 'done', outcome: { ok: false, error: toDatataskError(error) } };
      return settle(runtime, run, failed, startedAt);
    }
    await run.flush();
    emitComplete(runtime, state, okResult(state.runId, state.taskId, output), startedAt);
    return { output };
  }
  const error = redactError(outcome.outcome.error, state.redactor);
  run.writer.failure(toWireError(error));
  // A failed run does not hold its idempotency key: the next trigger with it starts a new run.
  if (job.deduplicationId) {
    // Not fatal for the run (it failed already): the key then holds until its TTL.
    await job.removeDeduplicationKey().catch(runtime.queues.onError);
  }
  await run.flush();
  emitComplete(runtime, state, errorResult(state.runId, state.taskId, error), startedAt);
  throw queueError(new runtime.bullmq.UnrecoverableError(error.message), error);
}

/** The worker's own `run:complete` (producers hear of the end from the job). */
function emitComplete(runtime: WorkerRuntime, state: RunState, result: Result<unknown>, startedAt: number): void {
  if (!hasListeners(runtime.env.events, 'run:complete')) return;
  const durationMs = runtime.env.clock.now() - startedAt;
  emitSafely(runtime.env.events, 'run:complete', { runId: state.runId, taskId: state.taskId, result, durationMs });
}
