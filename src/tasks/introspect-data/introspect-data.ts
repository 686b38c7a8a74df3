import type { Adapter, AdapterFactoryOptions } from '../../adapters/adapter.js';
import { createAdapter } from '../../adapters/create-adapter.js';
import { type CredentialResolvers, resolveCredentials } from '../../adapters/credential-reference.js';
import { redactCredentials } from '../../adapters/credentials.js';
import { catalogCounts } from '../../catalog/model.js';
import type { RunContext } from '../../core/context.js';
import { TimeoutError, throwIfAborted } from '../../core/errors.js';
import { defineTask } from '../../core/task.js';
import { IntrospectDataInput, IntrospectDataOutputCheck, type IntrospectPhase } from './interfaces.js';

/** Engines whose adapters collect `fieldValues`. */
const fieldValueEngines: ReadonlySet<string> = new Set(['postgres', 'mysql', 'duckdb']);

/** Injection points for tests and embedding apps (e.g. an already-imported driver module). */
export interface IntrospectDataDependencies {
  adapterOptions?: AdapterFactoryOptions;
  /**
   * Resolvers for credential references by scheme (`{ ref: 'vault:source-42' }`), called inside the run.
   * `env:` is built in. @default {}
   */
  credentialResolvers?: CredentialResolvers;
}

function reportPhase(ctx: RunContext, phase: IntrospectPhase, startedAt: number): void {
  ctx.metadata.set('phase', phase).set('elapsedMs', Date.now() - startedAt);
}

/** An AbortSignal that fires on the run's abort or after `timeoutMs`, whichever comes first. */
function attemptSignal(ctx: RunContext, timeoutMs: number): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const timeoutError = new TimeoutError(`Introspection did not finish within ${timeoutMs} ms (options.timeoutMs)`);
  const timer = setTimeout(() => controller.abort(timeoutError), timeoutMs);
  const onAbort = () => controller.abort(ctx.signal.reason);
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  if (ctx.signal.aborted) onAbort();
  return {
    signal: controller.signal,
    dispose() {
      clearTimeout(timer);
      ctx.signal.removeEventListener('abort', onAbort);
    },
  };
}

/** Builds the introspect-data task; `introspectDataTask` is this with no injected dependencies. */
export function createIntrospectDataTask(dependencies: IntrospectDataDependencies = {}) {
  // The attempt's adapter, so `cleanup` can close it even when an abort ended the attempt before `run`'s finally.
  const openAdapters = new WeakMap<RunContext, Adapter>();
  return defineTask({
    id: 'introspect-data',
    description: 'Tests the connection to a data source, reads its whole catalog, and always closes the connection.',
    schema: IntrospectDataInput,
    // The envelope and the catalog down to its tables; the tables themselves come typed from the adapter.
    outputSchema: IntrospectDataOutputCheck,
    maxDuration: 300,
    // Network errors and timeouts are retried; AUTH_FAILED, DATABASE_NOT_FOUND, PERMISSION_DENIED and bad input are not.
    retry: { maxAttempts: 3, factor: 2, minTimeoutInMs: 1000, maxTimeoutInMs: 10_000, randomize: true },
    run: async (payload, ctx) => {
      const startedAt = Date.now();
      const { dataSource, options } = payload;
      reportPhase(ctx, 'validating', startedAt);
      // A reference is resolved here, in the worker; its secrets are masked from the moment they are known.
      const credentials = await resolveCredentials(dataSource.credentials, {
        ...(dependencies.credentialResolvers ? { resolvers: dependencies.credentialResolvers } : {}),
        signal: ctx.signal,
        addSecrets: (...values) => ctx.redact.addSecrets(...values),
      });
      const reference = 'ref' in dataSource.credentials ? dataSource.credentials.ref : undefined;
      ctx.logger.info('introspection started', {
        dataSource: dataSource.name,
        type: credentials.type,
        attempt: ctx.attempt,
        ...(reference ? { credentialsRef: reference } : {}),
        // Not under a `credentials` key, which the run's redactor masks whole: host, user and options stay readable.
        connection: redactCredentials(credentials),
      });

      const { signal, dispose } = attemptSignal(ctx, options.timeoutMs);
      let adapter: Adapter | undefined;
      let failed = false;
      // Close at once on abort or timeout, so no connection outlives the attempt even if a driver call hangs.
      const closeOnAbort = () => void adapter?.close().catch(() => undefined);
      signal.addEventListener('abort', closeOnAbort, { once: true });
      try {
        adapter = await createAdapter(credentials, {
          ...dependencies.adapterOptions,
          log: (message, fields) => ctx.logger.debug(message, fields),
        });
        openAdapters.set(ctx, adapter);
        throwIfAborted(signal);
        reportPhase(ctx, 'connecting', startedAt);
        const connection = await adapter.testConnection({ signal });
        ctx.logger.info('connection ok', {
          latencyMs: Math.round(connection.latencyMs),
          serverVersion: connection.serverVersion,
        });

        reportPhase(ctx, 'introspecting', startedAt);
        const catalog = await adapter.introspect({
          signal,
          ...(options.databases ? { databases: options.databases } : {}),
          ...(options.schemas ? { schemas: options.schemas } : {}),
          ...(options.tables ? { tables: options.tables } : {}),
          includeSystemSchemas: options.includeSystemSchemas,
          columnStats: options.columnStats,
          fieldValues: options.fieldValues,
          concurrency: options.concurrency,
          onProgress: (progress) => {
            const { step, ...counts } = progress;
            ctx.metadata.set('step', step).set('elapsedMs', Date.now() - startedAt);
            ctx.metadata.set('progress', counts as Record<string, number>);
          },
        });
        throwIfAborted(signal);
        if (options.fieldValues && !fieldValueEngines.has(adapter.type)) {
          catalog.warnings.push({
            code: 'NOT_SUPPORTED',
            message: `Field values are collected on PostgreSQL, MySQL/MariaDB and DuckDB, not on ${adapter.type}`,
            scope: 'fieldValues',
          });
        }
        const counts = catalogCounts(catalog);
        const stats = { durationMs: Date.now() - startedAt, queries: adapter.queryCount, ...counts };
        for (const warning of catalog.warnings) ctx.logger.warn('catalog warning', { ...warning });
        ctx.logger.info('introspection finished', { ...stats, warnings: catalog.warnings.length });
        ctx.metadata.set('progress', counts);
        return {
          success: true,
          dataSource: { name: dataSource.name, type: credentials.type, serverVersion: connection.serverVersion },
          catalog: { ...catalog, serverVersion: catalog.serverVersion ?? connection.serverVersion },
          stats,
          warnings: catalog.warnings,
        };
      } catch (error) {
        failed = true;
        // A late abort reason (timeout, cancel) explains a driver error better than the driver does.
        if (signal.aborted && signal.reason instanceof Error) throw signal.reason;
        throw error;
      } finally {
        reportPhase(ctx, 'cleaning-up', startedAt);
        signal.removeEventListener('abort', closeOnAbort);
        dispose();
        // A failing close must not hide the run's own outcome.
        await adapter?.close().catch((error: unknown) => ctx.logger.warn('closing the connection failed', { error }));
        ctx.logger.debug('connection closed', { dataSource: dataSource.name });
        reportPhase(ctx, failed ? 'failed' : 'completed', startedAt);
      }
    },
    // Runs after every attempt, also when a timeout or abort ended it: the connection is closed before the result.
    cleanup: async ({ ctx }) => {
      const adapter = openAdapters.get(ctx);
      openAdapters.delete(ctx);
      await adapter?.close();
    },
  });
}

export const introspectDataTask = createIntrospectDataTask();
