import type { LogRecord, MetadataValue } from '../../src/core/context.js';
import type { Result } from '../../src/core/result.js';
import { createInProcessRunner } from '../../src/runners/in-process/index.js';
import { introspectDataTask } from '../../src/tasks/introspect-data/index.js';
import type { IntrospectDataOutput, IntrospectDataPayload } from '../../src/tasks/introspect-data/interfaces.js';

/** introspect-data with quick retries, so fault tests do not wait seconds between attempts. */
export const fastIntrospectTask = {
  ...introspectDataTask,
  retry: { ...introspectDataTask.retry, minTimeoutInMs: 10, maxTimeoutInMs: 50 },
};

export interface IntrospectRun {
  result: Result<IntrospectDataOutput>;
  attempts: number;
  logs: LogRecord[];
  metadata: Array<Record<string, MetadataValue>>;
  errors: string[];
}

/** Runs the task on an in-process runner, capturing everything that leaves the run (for the secrets checks). */
export async function runIntrospectTask(
  payload: IntrospectDataPayload,
  options: {
    signal?: AbortSignal;
    maxDuration?: number;
    onMetadata?: (metadata: Record<string, MetadataValue>) => void;
    onAttemptFail?: () => void;
  } = {},
): Promise<IntrospectRun> {
  const runner = createInProcessRunner({ tasks: [fastIntrospectTask] });
  const logs: LogRecord[] = [];
  const metadata: Array<Record<string, MetadataValue>> = [];
  const errors: string[] = [];
  let attempts = 0;
  runner.on('attempt:start', () => {
    attempts++;
  });
  runner.on('log', (record) => logs.push(record));
  runner.on('metadata', (event) => {
    metadata.push(event.metadata);
    options.onMetadata?.(event.metadata);
  });
  runner.on('attempt:fail', (event) => {
    errors.push(`${event.error.code} ${event.error.message} ${JSON.stringify(event.error.details ?? {})}`);
    options.onAttemptFail?.();
  });
  try {
    const result = await runner.triggerAndWait(fastIntrospectTask, payload, {
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.maxDuration ? { maxDuration: options.maxDuration } : {}),
    });
    if (!result.ok) errors.push(`${result.error.code} ${result.error.message}`);
    return { result: result as Result<IntrospectDataOutput>, attempts, logs, metadata, errors };
  } finally {
    await runner.close();
  }
}

/** Everything a run produced that a user or a log pipeline could see, as one string. */
export function everythingSeen(run: IntrospectRun): string {
  return JSON.stringify([
    run.logs,
    run.metadata,
    run.errors,
    run.result.ok ? run.result.output : run.result.error.toJSON(),
  ]);
}

export async function eventually(check: () => Promise<boolean>, tries = 100): Promise<boolean> {
  for (let i = 0; i < tries; i++) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}
