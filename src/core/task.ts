import type { z } from 'zod';
import type { RunContext } from './context.js';
import type { DatataskError } from './errors.js';
import type { RetryPolicyInput } from './retry-policy.js';

/** Trigger.dev's machine presets, usable by any runner as a hint. */
export type MachinePreset = 'micro' | 'small-1x' | 'small-2x' | 'medium-1x' | 'medium-2x' | 'large-1x' | 'large-2x';

export interface QueueOptions {
  name?: string;
  concurrencyLimit?: number;
}

export interface HookParams<TPayload> {
  payload: TPayload;
  ctx: RunContext;
  signal: AbortSignal;
}

export type CompleteOutcome<TOutput> = { ok: true; output: TOutput } | { ok: false; error: DatataskError };

/** What `catchError` decides for a failed attempt. */
export type CatchErrorDecision =
  | undefined
  | { skipRetrying: true; error?: unknown }
  | { retryAt: Date }
  | { retryDelayInMs: number };

export interface TaskOptions<TSchema extends z.ZodType, TOutput, TOutputSchema extends z.ZodType | undefined> {
  /** Unique id of the task within a runner (Trigger.dev's task id). */
  id: string;
  /** Validates (and may transform) the payload before `run`. */
  schema: TSchema;
  /** Validates the output of `run` when given. */
  outputSchema?: TOutputSchema;
  retry?: RetryPolicyInput;
  /** Seconds before the run's signal aborts and the run fails with TIMEOUT. */
  maxDuration?: number;
  machine?: MachinePreset;
  queue?: QueueOptions;
  description?: string;
  run(payload: z.output<TSchema>, ctx: RunContext): Promise<TOutput>;
  /** Before each attempt. */
  onStart?(params: HookParams<z.output<TSchema>>): void | Promise<void>;
  /** Once, after the successful attempt. Errors are logged, not failures. */
  onSuccess?(params: HookParams<z.output<TSchema>> & { output: TOutput }): void | Promise<void>;
  /** Once, after the last failed attempt. Errors are logged, not failures. */
  onFailure?(params: HookParams<z.output<TSchema>> & { error: DatataskError }): void | Promise<void>;
  /** Once, at the end whatever happened. Errors are logged, not failures. */
  onComplete?(params: HookParams<z.output<TSchema>> & { result: CompleteOutcome<TOutput> }): void | Promise<void>;
  /** After every attempt, whatever happened (also on timeout and abort). */
  cleanup?(params: HookParams<z.output<TSchema>>): void | Promise<void>;
  /** Decides whether and when a failed attempt is retried. */
  catchError?(
    params: HookParams<z.output<TSchema>> & { error: DatataskError; retryAt?: Date },
  ): CatchErrorDecision | Promise<CatchErrorDecision>;
}

export type TaskDefinition<
  TSchema extends z.ZodType = z.ZodType,
  TOutput = unknown,
  TOutputSchema extends z.ZodType | undefined = z.ZodType | undefined,
> = Readonly<TaskOptions<TSchema, TOutput, TOutputSchema>> & { readonly kind: 'datatasks.task' };

// biome-ignore lint/suspicious/noExplicitAny: the widest definition type, for collections of tasks
export type AnyTaskDefinition = TaskDefinition<any, any, any>;
/** What callers pass when triggering (the schema's input type). */
export type TaskPayload<T extends AnyTaskDefinition> = z.input<T['schema']>;
/** What `run` receives (the schema's output type). */
export type TaskParsedPayload<T extends AnyTaskDefinition> = z.output<T['schema']>;
export type TaskOutput<T extends AnyTaskDefinition> = T extends TaskDefinition<z.ZodType, infer O> ? O : never;

/** Defines a task: a frozen, pure description with no registration side effect. */
export function defineTask<TSchema extends z.ZodType, TOutput, TOutputSchema extends z.ZodType | undefined = undefined>(
  options: TaskOptions<TSchema, TOutput, TOutputSchema>,
): TaskDefinition<TSchema, TOutput, TOutputSchema> {
  if (typeof options.id !== 'string' || !/^[a-zA-Z0-9][a-zA-Z0-9_.:-]*$/.test(options.id)) {
    throw new TypeError(
      `defineTask: id must be a non-empty identifier (letters, digits, _ . : -), got ${JSON.stringify(options.id)}`,
    );
  }
  if (options.maxDuration !== undefined && !(options.maxDuration > 0)) {
    throw new TypeError(`defineTask(${options.id}): maxDuration must be a positive number of seconds`);
  }
  return Object.freeze({ ...options, kind: 'datatasks.task' as const });
}
