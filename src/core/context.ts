import type { DatataskError } from './errors.js';
import type { Result } from './result.js';
import type { AnyTaskDefinition, TaskOutput, TaskPayload } from './task.js';

export type LogLevel = 'debug' | 'log' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

/** Structured logger given to every run. Fields are redacted before they leave the run. */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  log(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

export interface LogRecord {
  level: LogLevel;
  message: string;
  fields: LogFields;
  runId: string;
  taskId: string;
  attempt: number;
  time: number;
}

export type MetadataValue = string | number | boolean | null | MetadataValue[] | { [key: string]: MetadataValue };

/** Progress metadata of a run (mirrors Trigger.dev's `metadata`). Values are JSON. */
export interface RunMetadata {
  set(key: string, value: MetadataValue): RunMetadata;
  del(key: string): RunMetadata;
  append(key: string, value: MetadataValue): RunMetadata;
  increment(key: string, by?: number): RunMetadata;
  decrement(key: string, by?: number): RunMetadata;
  current(): Record<string, MetadataValue>;
  get(key: string): MetadataValue | undefined;
}

export interface WaitToken {
  id: string;
}

export interface WaitApi {
  /** Waits for a duration; aborts with the run. */
  for(duration: { seconds?: number; minutes?: number; hours?: number; ms?: number }): Promise<void>;
  until(options: { date: Date }): Promise<void>;
  /** Creates a token that `runner.completeToken(id, output)` completes. */
  createToken(options?: { timeoutInMs?: number; idempotencyKey?: string }): Promise<WaitToken>;
  forToken<T = unknown>(
    token: WaitToken | string,
  ): Promise<{ ok: true; output: T } | { ok: false; error: DatataskError }>;
}

export interface TriggerOptions {
  /** A second trigger with this key within the TTL returns the first run. */
  idempotencyKey?: string;
  /** How long the key holds, in seconds. @default 86400 (24h, as Trigger.dev) */
  idempotencyKeyTTL?: number;
  /** Delay before the run starts, in ms. */
  delayMs?: number;
  tags?: string[];
  /** Overrides the definition's maxDuration for this run (seconds). */
  maxDuration?: number;
  signal?: AbortSignal;
}

export interface RunHandle<TOutput = unknown> {
  id: string;
  taskId: string;
  /** Resolves when the run ends, never rejects. */
  result(): Promise<Result<TOutput>>;
}

export interface BatchItem<T extends AnyTaskDefinition> {
  payload: TaskPayload<T>;
  options?: TriggerOptions;
}

/** Child triggering available inside a run; supplied by the runner that runs it. */
export interface ChildTasks {
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
}

/** What `run` and every hook receive as `ctx`. */
export interface RunContext extends ChildTasks {
  runId: string;
  taskId: string;
  /** 1-based attempt number. */
  attempt: number;
  /** Aborted when the run times out (maxDuration), is cancelled, or the runner closes. */
  signal: AbortSignal;
  logger: Logger;
  metadata: RunMetadata;
  wait: WaitApi;
  /** Registers secrets (passwords, tokens) so that logs, metadata, errors and output mask them. */
  redact: { addSecrets(...values: Array<string | undefined | null>): void };
}
