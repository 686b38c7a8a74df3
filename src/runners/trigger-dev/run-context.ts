import {
  type Context,
  logger as sdkLogger,
  metadata as sdkMetadata,
  tasks as sdkTasks,
  wait as sdkWait,
} from '@trigger.dev/sdk';
import type {
  BatchItem,
  LogFields,
  Logger,
  MetadataValue,
  RunContext,
  RunMetadata,
  TriggerOptions,
  WaitApi,
} from '../../core/context.js';
import { DatataskError, ErrorCode, toDatataskError } from '../../core/errors.js';
import { collectSecrets, createRedactor, type Redactor } from '../../core/redact.js';
import { errorResult, okResult, type Result } from '../../core/result.js';
import type { AnyTaskDefinition } from '../../core/task.js';
import { fromTriggerError } from './errors.js';
import { toSdkTriggerOptions } from './trigger-options.js';

/**
 * Trigger.dev suspends a run at each wait and allows one at a time. Our in-process runner allows parallel waits,
 * so a definition that waits twice at once must fail loudly here instead of misbehaving.
 */
class WaitGuard {
  private active = 0;
  constructor(private readonly deadline?: { pause(): void; resume(): void }) {}

  async run<T>(what: string, fn: () => Promise<T>): Promise<T> {
    if (this.active > 0) {
      throw new DatataskError(
        ErrorCode.NOT_SUPPORTED,
        `${what}: Trigger.dev allows one wait at a time in a run; await the previous wait first (use batchTriggerAndWait for parallel children)`,
      );
    }
    this.active++;
    // The platform does not count waits against maxDuration; neither does our deadline.
    this.deadline?.pause();
    try {
      return await fn();
    } finally {
      this.active--;
      this.deadline?.resume();
    }
  }
}

function createLogger(redactor: Redactor): Logger {
  const emit = (level: 'debug' | 'log' | 'info' | 'warn' | 'error') => (message: string, fields?: LogFields) =>
    sdkLogger[level](redactor.redactText(message), fields ? redactor.redact(fields) : undefined);
  return { debug: emit('debug'), log: emit('log'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}

/** Our metadata API over the SDK's; outside a run (where the SDK throws) it keeps values locally. */
function createMetadata(redactor: Redactor): RunMetadata {
  const local: Record<string, MetadataValue> = {};
  const guarded = (sdkCall: () => void, localCall: () => void) => {
    localCall();
    try {
      sdkCall();
    } catch {
      // Outside a Trigger.dev run the SDK throws "Method not implemented"; the local copy still answers.
    }
  };
  const api: RunMetadata = {
    set(key, value) {
      const safe = redactor.redact(value);
      guarded(
        () => sdkMetadata.set(key, safe),
        () => {
          local[key] = safe;
        },
      );
      return api;
    },
    del(key) {
      guarded(
        () => sdkMetadata.del(key),
        () => void delete local[key],
      );
      return api;
    },
    append(key, value) {
      const safe = redactor.redact(value);
      guarded(
        () => sdkMetadata.append(key, safe),
        () => {
          const current = local[key];
          local[key] = Array.isArray(current) ? [...current, safe] : current === undefined ? [safe] : [current, safe];
        },
      );
      return api;
    },
    increment(key, by = 1) {
      guarded(
        () => sdkMetadata.increment(key, by),
        () => {
          local[key] = Number(local[key] ?? 0) + by;
        },
      );
      return api;
    },
    decrement(key, by = 1) {
      return api.increment(key, -by);
    },
    current() {
      try {
        const remote = sdkMetadata.current() as Record<string, MetadataValue> | undefined;
        if (remote) return { ...remote };
      } catch {
        // Not in a run: fall through to the local copy.
      }
      return { ...local };
    },
    get(key) {
      return api.current()[key];
    },
  };
  return api;
}

function createWait(guard: WaitGuard): WaitApi {
  return {
    for: (duration) => {
      const seconds = Math.ceil(
        (duration.ms ?? 0) / 1000 +
          (duration.seconds ?? 0) +
          (duration.minutes ?? 0) * 60 +
          (duration.hours ?? 0) * 3600,
      );
      return guard.run('wait.for', () => sdkWait.for({ seconds }));
    },
    until: ({ date }) => guard.run('wait.until', () => sdkWait.until({ date })),
    createToken: async (options) => {
      const token = await sdkWait.createToken({
        ...(options?.timeoutInMs ? { timeout: `${Math.ceil(options.timeoutInMs / 1000)}s` } : {}),
        ...(options?.idempotencyKey ? { idempotencyKey: options.idempotencyKey } : {}),
      });
      return { id: token.id };
    },
    forToken: <T>(token: { id: string } | string) =>
      guard.run('wait.forToken', async () => {
        const result = await sdkWait.forToken<T>(token);
        return result.ok
          ? { ok: true as const, output: result.output }
          : { ok: false as const, error: toDatataskError(result.error) };
      }),
  };
}

type SdkRunResult = { ok: boolean; id: string; output?: unknown; error?: unknown };

function toResult<T>(taskId: string, run: SdkRunResult): Result<T> {
  return run.ok ? okResult(run.id, taskId, run.output as T) : errorResult(run.id, taskId, fromTriggerError(run.error));
}

export interface TriggerRunContextInput {
  taskId: string;
  sdkCtx: Context;
  /** The run's signal: the SDK's, and our maxDuration deadline's. */
  signal: AbortSignal;
  payload: unknown;
  deadline?: { pause(): void; resume(): void };
  /** Checks a child payload before it is sent to the platform (inline secrets). */
  checkChildPayload?: (taskId: string, payload: unknown, logger: Logger) => void;
}

/**
 * Builds our RunContext from the Trigger.dev run's context and SDK primitives, with the attempt's redactor: secrets
 * the run adds through `ctx.redact` are masked in its output and errors too.
 */
export function createTriggerRunContext(input: TriggerRunContextInput): {
  context: RunContext;
  redactor: Redactor;
} {
  const { taskId, sdkCtx, signal, payload, deadline, checkChildPayload } = input;
  const redactor = createRedactor(collectSecrets(payload));
  const guard = new WaitGuard(deadline);
  const logger = createLogger(redactor);
  const check = (childTaskId: string, childPayload: unknown) => checkChildPayload?.(childTaskId, childPayload, logger);
  const trigger = async <T extends AnyTaskDefinition>(task: T, childPayload: unknown, options?: TriggerOptions) => {
    check(task.id, childPayload);
    const handle = await sdkTasks.trigger(task.id, childPayload, await toSdkTriggerOptions(options));
    return {
      id: handle.id,
      taskId: task.id,
      result: () =>
        Promise.reject(
          new DatataskError(ErrorCode.NOT_SUPPORTED, 'On Trigger.dev, wait for a child with triggerAndWait'),
        ),
    };
  };
  const context: RunContext = {
    runId: sdkCtx.run.id,
    taskId,
    attempt: sdkCtx.attempt.number,
    signal,
    logger,
    metadata: createMetadata(redactor),
    wait: createWait(guard),
    redact: { addSecrets: (...values) => redactor.addSecrets(...values) },
    // biome-ignore lint/suspicious/noExplicitAny: RunHandle's output type is carried by the caller's generic
    trigger: trigger as any,
    triggerAndWait: (async (task: AnyTaskDefinition, childPayload: unknown, options?: TriggerOptions) =>
      guard.run('triggerAndWait', async () => {
        check(task.id, childPayload);
        const run = await sdkTasks.triggerAndWait(task.id, childPayload, await toSdkTriggerOptions(options));
        return toResult(task.id, run as SdkRunResult);
      })) as RunContext['triggerAndWait'],
    batchTrigger: (async (task: AnyTaskDefinition, items: BatchItem<AnyTaskDefinition>[]) =>
      Promise.all(items.map((item) => trigger(task, item.payload, item.options)))) as RunContext['batchTrigger'],
    batchTriggerAndWait: (async (task: AnyTaskDefinition, items: BatchItem<AnyTaskDefinition>[]) =>
      guard.run('batchTriggerAndWait', async () => {
        for (const item of items) check(task.id, item.payload);
        const sdkItems = await Promise.all(
          items.map(async (item) => ({ payload: item.payload, options: await toSdkTriggerOptions(item.options) })),
        );
        const batch = await sdkTasks.batchTriggerAndWait(task.id, sdkItems);
        return batch.runs.map((run) => toResult(task.id, run as SdkRunResult));
      })) as RunContext['batchTriggerAndWait'],
  };
  return { context, redactor };
}
