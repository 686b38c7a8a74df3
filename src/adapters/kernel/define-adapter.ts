import type { Catalog, DatabaseEngine } from '../../catalog/model.js';
import { AbortError, DatataskError, ErrorCode, throwIfAborted } from '../../core/errors.js';
import type {
  Adapter,
  AdapterCapabilities,
  CallOptions,
  ConnectionTestResult,
  IntrospectOptions,
  PrivilegeReport,
  QueryOptions,
  QueryParams,
  QueryResult,
} from '../adapter.js';
import { type ResolvedQueryOptions, resolveQueryOptions } from './query-options.js';

/** Introspection options with the signal that close() also aborts. */
export type ResolvedIntrospectOptions = IntrospectOptions & { signal: AbortSignal };

/**
 * What one engine implements. The kernel (`defineAdapter`) owns the rest: lazy open, the closed state, the work in
 * flight and what close() does to it, query defaults and option checks.
 */
export interface EngineDefinition<Client> {
  /** The engine's name in messages, e.g. `PostgreSQL`. */
  name: string;
  type: DatabaseEngine;
  capabilities: AdapterCapabilities;
  /** Loads the driver and creates the client or pool; called on first use, and again only after a failed open. */
  open(signal: AbortSignal): Promise<Client>;
  /** Ends every connection of the client; called once by close(), after the work in flight has stopped. */
  end(client: Client): Promise<void>;
  /** Statements sent so far. */
  statementCount(): number;
  testConnection(client: Client, signal: AbortSignal): Promise<ConnectionTestResult>;
  /**
   * Runs one statement, or checks it without running it when `options.dryRun` (only if `capabilities.dryRun`), with
   * the byte caps of `capResultBytes` applied.
   */
  query(
    client: Client,
    sql: string,
    params: QueryParams | undefined,
    options: ResolvedQueryOptions,
  ): Promise<QueryResult>;
  introspect(client: Client, options: ResolvedIntrospectOptions): Promise<Catalog>;
  checkPrivileges?(client: Client, signal: AbortSignal): Promise<PrivilegeReport>;
  /** Stops the statements in flight at once where the driver has a way (their signals are aborted in any case). */
  interrupt?(client: Client): void;
}

interface Lifecycle<Client> {
  /** The client, opened on first use. */
  client(): Promise<Client>;
  /** Runs `work` as tracked work in flight with a signal that follows the caller's and close(). */
  run<T>(callerSignal: AbortSignal | undefined, work: (signal: AbortSignal) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Lazy open, the closed state, the work in flight, and close(): abort it, wait for it, end the client once. */
function lifecycle<Client>(engine: EngineDefinition<Client>): Lifecycle<Client> {
  let opening: Promise<Client> | undefined;
  let opened: Client | undefined;
  let closed = false;
  // Aborted by close(): every call's signal follows it, so work in flight stops on every engine.
  const closing = new AbortController();
  const inFlight = new Set<Promise<unknown>>();
  return {
    client: () => {
      if (!opening) {
        const attempt = engine.open(closing.signal).then((value) => {
          opened = value;
          return value;
        });
        opening = attempt;
        // A failed open (server down, file locked) is tried again by the next call.
        attempt.catch(() => {
          if (opening === attempt) opening = undefined;
        });
      }
      return opening;
    },
    run: async (callerSignal, work) => {
      throwIfAborted(callerSignal);
      if (closed) {
        throw new DatataskError(ErrorCode.CONNECTION_FAILED, `${engine.name}: the adapter is closed`, {
          retriable: false,
        });
      }
      const signal = callerSignal ? AbortSignal.any([callerSignal, closing.signal]) : closing.signal;
      const pending = work(signal);
      inFlight.add(pending);
      try {
        return await pending;
      } finally {
        inFlight.delete(pending);
      }
    },
    close: async () => {
      if (closed) return;
      closed = true;
      closing.abort(new AbortError(`${engine.name}: the adapter was closed`));
      if (opened !== undefined) engine.interrupt?.(opened);
      await Promise.allSettled([...inFlight]);
      const pending = opening;
      opening = undefined;
      const value = await pending?.catch(() => undefined);
      if (value !== undefined) await engine.end(value);
    },
  };
}

/** Builds an adapter from an engine definition: the one lifecycle every engine shares. */
export function defineAdapter<Client>(engine: EngineDefinition<Client>): Adapter {
  const { client, run, close } = lifecycle(engine);
  const checkPrivileges = engine.checkPrivileges?.bind(engine);
  return {
    type: engine.type,
    capabilities: engine.capabilities,
    get queryCount() {
      return engine.statementCount();
    },
    testConnection: (options: CallOptions = {}) =>
      run(options.signal, async (signal) => engine.testConnection(await client(), signal)),
    query: (sql: string, params?: QueryParams, options: QueryOptions = {}) =>
      run(options.signal, async (signal) => {
        const resolved = resolveQueryOptions(engine.name, engine.capabilities, options, signal);
        return engine.query(await client(), sql, params, resolved);
      }),
    introspect: (options: IntrospectOptions = {}) =>
      run(options.signal, async (signal) => engine.introspect(await client(), { ...options, signal })),
    ...(checkPrivileges && {
      checkPrivileges: (options: CallOptions = {}) =>
        run(options.signal, async (signal) => checkPrivileges(await client(), signal)),
    }),
    close,
    [Symbol.asyncDispose]: close,
  };
}
