import type { z } from 'zod';
import type { AdapterFactoryOptions } from './adapters/adapter.js';
import type { CredentialResolvers, CredentialsOrReferenceInput } from './adapters/credential-reference.js';
import type { CredentialsInput } from './adapters/credentials.js';
import { DatabaseEngine } from './catalog/model.js';
import type { LogRecord, MetadataValue } from './core/context.js';
import { type DatataskError, toDatataskError } from './core/errors.js';
import { createInProcessRunner } from './runners/in-process/index.js';
import type { IntrospectDataOutput, IntrospectOptions } from './tasks/introspect-data/interfaces.js';
import { createIntrospectDataTask, introspectDataTask } from './tasks/introspect-data/introspect-data.js';

export interface IntrospectionProgress {
  phase?: string;
  step?: string;
  elapsedMs?: number;
  attempt?: number;
  counts: Record<string, number>;
}

export interface RunIntrospectionOptions extends z.input<typeof IntrospectOptions> {
  /** Name for the data source in logs and output. @default the credentials' type */
  name?: string;
  signal?: AbortSignal;
  /** Called whenever the run's progress metadata changes. */
  onProgress?: (progress: IntrospectionProgress) => void;
  /** Receives every (redacted) log line of the run. */
  onLog?: (record: LogRecord) => void;
  /** Throw a typed DatataskError instead of resolving to `{ success: false, error }`. @default false */
  throwOnError?: boolean;
  /** Retry settings for this call (e.g. `{ maxAttempts: 1 }` in an interactive "test connection" button). */
  maxAttempts?: number;
  /** Inject driver modules instead of importing them (bundlers, tests). */
  adapterOptions?: AdapterFactoryOptions;
  /** Resolvers for credential references by scheme (env: is built in). */
  credentialResolvers?: CredentialResolvers;
}

function failureOutput(name: string, type: string | undefined, error: DatataskError): IntrospectDataOutput {
  const engine = DatabaseEngine.safeParse(type);
  return {
    success: false,
    dataSource: {
      name,
      ...(engine.success ? { type: engine.data } : {}),
    },
    stats: { durationMs: 0, queries: 0, databases: 0, schemas: 0, tables: 0, columns: 0 },
    warnings: [],
    error: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) },
  };
}

/**
 * Introspects one data source in this process: validates the input, tests the connection, reads the catalog,
 * and closes the connection, with the task's retries and timeouts. Resolves to the task's output.
 */
export async function runIntrospection(
  credentials: CredentialsInput | CredentialsOrReferenceInput,
  options: RunIntrospectionOptions = {},
): Promise<IntrospectDataOutput> {
  const {
    name,
    signal,
    onProgress,
    onLog,
    throwOnError,
    maxAttempts,
    adapterOptions,
    credentialResolvers,
    ...introspectOptions
  } = options;
  const sourceName = name ?? (credentials as { type?: string }).type ?? 'data source';
  const base =
    adapterOptions || credentialResolvers
      ? createIntrospectDataTask({
          ...(adapterOptions ? { adapterOptions } : {}),
          ...(credentialResolvers ? { credentialResolvers } : {}),
        })
      : introspectDataTask;
  const task = maxAttempts ? { ...base, retry: { ...base.retry, maxAttempts } } : base;
  const runner = createInProcessRunner({ tasks: [task] });
  const counts: Record<string, number> = {};
  let attempt = 0;
  runner.on('attempt:start', (event) => {
    attempt = event.attempt;
  });
  if (onLog) runner.on('log', onLog);
  if (onProgress) {
    // The task sets several metadata keys per change (phase, then elapsedMs): report each change once.
    let last = '';
    runner.on('metadata', ({ metadata }) => {
      const progress = metadata.progress as Record<string, MetadataValue> | undefined;
      for (const [key, value] of Object.entries(progress ?? {})) if (typeof value === 'number') counts[key] = value;
      const phase = typeof metadata.phase === 'string' ? metadata.phase : undefined;
      const step = typeof metadata.step === 'string' ? metadata.step : undefined;
      const key = JSON.stringify([phase, step, attempt, counts]);
      if (key === last) return;
      last = key;
      onProgress({
        ...(phase ? { phase } : {}),
        ...(step ? { step } : {}),
        ...(typeof metadata.elapsedMs === 'number' ? { elapsedMs: metadata.elapsedMs } : {}),
        attempt,
        counts: { ...counts },
      });
    });
  }
  try {
    const result = await runner.triggerAndWait(
      task,
      { dataSource: { name: sourceName, credentials }, options: introspectOptions } as never,
      signal ? { signal } : {},
    );
    if (result.ok) return result.output as IntrospectDataOutput;
    if (throwOnError) throw result.error;
    return failureOutput(sourceName, (credentials as { type?: string }).type, result.error);
  } catch (error) {
    if (throwOnError) throw toDatataskError(error);
    return failureOutput(sourceName, (credentials as { type?: string }).type, toDatataskError(error));
  } finally {
    await runner.close();
  }
}
