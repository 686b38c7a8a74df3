import { sleep } from '../../core/clock.js';
import { ConcurrencySlots, SlotLease } from '../../core/concurrency.js';
import type { BatchItem, RunHandle, TriggerOptions } from '../../core/context.js';
import { DatataskError, ErrorCode, toDatataskError } from '../../core/errors.js';
import { executeRun } from '../../core/execute-run.js';
import { createIdempotencyCache } from '../../core/idempotency.js';
import { toLogSink } from '../../core/logger.js';
import { errorResult, type Result } from '../../core/result.js';
import type { RunEnvironment } from '../../core/run-environment.js';
import { RunState } from '../../core/run-state.js';
import { emitSafely } from '../../core/safe-emit.js';
import { type CronTimer, isScheduledTask, type ScheduleOptions, startCronTimer } from '../../core/schedules.js';
import type { AnyTaskDefinition, TaskOutput, TaskPayload } from '../../core/task.js';
import { createTokenRegistry } from '../../core/wait-tokens.js';
import { TypedEventSource } from '../event-source.js';
import type { Runner } from '../runner.js';
import { createChildTasks } from './child-tasks.js';
import type { CloseOptions, EngineObserver, RunnerEngineOptions } from './engine-options.js';
import { InProcessRunHandle } from './run-handle.js';
import { TaskRegistry, taskList } from './task-registry.js';

export type { CloseOptions, EngineObserver, RunnerEngineOptions, TaskCollection } from './engine-options.js';

/** The runner shared by the in-process and the testing runner; they differ in clock and observation. */
export class RunnerEngine extends TypedEventSource implements Runner {
  readonly concurrency: number;
  private readonly registry: TaskRegistry;
  private readonly slots: ConcurrencySlots;
  private readonly idempotency;
  private readonly closeController = new AbortController();
  /** Runs triggered and not finished (queued, delayed or running). */
  private readonly runStates = new Set<RunState>();
  private idleWaiters: Array<() => void> = [];
  private readonly cronTimers = new Set<CronTimer>();
  private readonly env: RunEnvironment;
  private readonly observer: EngineObserver | undefined;
  private readonly idPrefix = Math.random().toString(36).slice(2, 8);
  private runCounter = 0;
  private closing: Promise<void> | undefined;

  constructor(options: RunnerEngineOptions) {
    super();
    this.concurrency = options.concurrency ?? 10;
    this.slots = new ConcurrencySlots(this.concurrency);
    this.registry = new TaskRegistry(taskList(options.tasks));
    this.idempotency = createIdempotencyCache<RunHandle<unknown>>(options.clock);
    this.observer = options.observer;
    this.env = {
      clock: options.clock,
      events: this.events,
      random: options.random ?? Math.random,
      tokens: createTokenRegistry(options.clock, this.idPrefix),
      closeSignal: this.closeController.signal,
      logSink: options.logger ? toLogSink(options.logger) : undefined,
      observer: options.observer,
      childTasks: (parentRunId, lease) =>
        createChildTasks((task, payload, options) => this.start(task, payload, options, parentRunId), lease),
    };
    for (const task of this.registry.all()) if (isScheduledTask(task)) this.schedule(task, task.schedule);
  }

  async trigger<T extends AnyTaskDefinition>(task: T, payload: TaskPayload<T>, options?: TriggerOptions) {
    return this.start(task, payload, options) as RunHandle<TaskOutput<T>>;
  }

  async triggerAndWait<T extends AnyTaskDefinition>(task: T, payload: TaskPayload<T>, options?: TriggerOptions) {
    return this.start(task, payload, options).result() as Promise<Result<TaskOutput<T>>>;
  }

  async batchTrigger<T extends AnyTaskDefinition>(task: T, items: BatchItem<T>[]) {
    return items.map((item) => this.start(task, item.payload, item.options)) as RunHandle<TaskOutput<T>>[];
  }

  async batchTriggerAndWait<T extends AnyTaskDefinition>(task: T, items: BatchItem<T>[]) {
    const handles = items.map((item) => this.start(task, item.payload, item.options));
    return Promise.all(handles.map((handle) => handle.result())) as Promise<Result<TaskOutput<T>>[]>;
  }

  async completeToken(tokenId: string, output?: unknown): Promise<void> {
    this.env.tokens.complete(tokenId, output);
  }

  /** Fires `task` on a cron pattern with a scheduled payload (see `schedules.task`) until stopped or closed. */
  schedule(task: AnyTaskDefinition, options: ScheduleOptions & { id?: string }): CronTimer {
    this.assertOpen();
    this.registry.resolve(task);
    const id = options.id ?? `sched_${task.id}_${this.cronTimers.size + 1}`;
    const timer = startCronTimer(this.env.clock, id, options, (payload) => {
      // Timers stop before the runner refuses triggers, so this start cannot fail on a closed runner.
      if (!this.closing) this.start(task, payload, {});
    });
    this.cronTimers.add(timer);
    return timer;
  }

  /** Stops schedules, refuses new triggers, ends pending waits (RUNNER_CLOSED) and waits for runs in flight. */
  close(options: CloseOptions = {}): Promise<void> {
    if (options.abortRuns) {
      for (const state of this.runStates) state.abort(closedError('The runner closed during the run'));
    }
    this.closing ??= this.shutDown();
    return this.closing;
  }

  /** Resolves once no run is in flight (runs started meanwhile are waited for too). */
  idle(): Promise<void> {
    if (this.runStates.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private async shutDown(): Promise<void> {
    for (const timer of this.cronTimers) timer.stop();
    this.closeController.abort(closedError('The runner closed while the run was waiting'));
    await this.idle();
    this.env.tokens.dispose();
  }

  private assertOpen(): void {
    if (this.closing) throw closedError('The runner is closed: it accepts no new runs');
  }

  private start(task: AnyTaskDefinition, payload: unknown, options: TriggerOptions = {}, parentRunId?: string) {
    this.assertOpen();
    this.registry.resolve(task);
    const key = options.idempotencyKey;
    if (key !== undefined) {
      const existing = this.idempotency.get(task.id, key);
      if (existing) return existing;
    }
    const runId = `run_${this.idPrefix}${(++this.runCounter).toString(36)}`;
    this.observer?.runCreated?.({ runId, taskId: task.id, payload, options, parentRunId });
    const handle = new InProcessRunHandle(runId, task.id, this.execute(task, payload, options, runId));
    if (key !== undefined) {
      this.idempotency.set(task.id, key, handle, options.idempotencyKeyTTL);
      // A failed run is not remembered: the next trigger with the key starts a new run.
      void handle.done.then((result) => result.ok || this.idempotency.forget(task.id, key, handle));
    }
    return handle;
  }

  private async execute(task: AnyTaskDefinition, payload: unknown, options: TriggerOptions, runId: string) {
    const lease = new SlotLease(this.slots);
    const state = new RunState({ runId, taskId: task.id, options, lease }, this.env, payload);
    this.runStates.add(state);
    try {
      if (options.delayMs) await this.delayStart(options, state.signal);
      const pending = lease.start();
      if (pending) await pending;
      return await executeRun(task, state);
    } catch (error) {
      // Only a delayed start that was cancelled (or the runner closing) gets here.
      const result = errorResult<unknown>(runId, task.id, toDatataskError(error));
      emitSafely(this.events, 'run:complete', { runId, taskId: task.id, result, durationMs: 0 });
      return result;
    } finally {
      lease.end();
      this.runStates.delete(state);
      if (this.runStates.size === 0 && this.idleWaiters.length > 0) {
        const waiters = this.idleWaiters;
        this.idleWaiters = [];
        for (const resolve of waiters) resolve();
      }
    }
  }

  private delayStart(options: TriggerOptions, runSignal: AbortSignal): Promise<void> {
    const signals = [runSignal, this.closeController.signal];
    if (options.signal) signals.push(options.signal);
    return sleep(this.env.clock, options.delayMs ?? 0, AbortSignal.any(signals));
  }
}

function closedError(message: string): DatataskError {
  return new DatataskError(ErrorCode.RUNNER_CLOSED, message);
}
