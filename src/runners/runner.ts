import type { BatchItem, LogRecord, MetadataValue, RunHandle, TriggerOptions } from '../core/context.js';
import type { DatataskError } from '../core/errors.js';
import type { Result } from '../core/result.js';
import type { AnyTaskDefinition, TaskOutput, TaskPayload } from '../core/task.js';

/** Events every runner emits (typed, through eventemitter3). */
export interface RunnerEvents {
  'run:start': (event: { runId: string; taskId: string; payload: unknown }) => void;
  'attempt:start': (event: { runId: string; taskId: string; attempt: number }) => void;
  'attempt:fail': (event: {
    runId: string;
    taskId: string;
    attempt: number;
    error: DatataskError;
    retryDelayMs?: number;
  }) => void;
  metadata: (event: { runId: string; taskId: string; metadata: Record<string, MetadataValue> }) => void;
  log: (record: LogRecord) => void;
  'run:complete': (event: { runId: string; taskId: string; result: Result<unknown>; durationMs: number }) => void;
}

export interface RunnerEventSource {
  on<E extends keyof RunnerEvents>(event: E, listener: RunnerEvents[E]): this;
  once<E extends keyof RunnerEvents>(event: E, listener: RunnerEvents[E]): this;
  off<E extends keyof RunnerEvents>(event: E, listener: RunnerEvents[E]): this;
}

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
