import type PG from 'pg';
import type { ClientConfig, PoolClient } from 'pg';
import { type DatataskError, throwIfAborted } from '../../core/errors.js';
import type { Redactor } from '../../core/redact.js';
import { type CappedResult, type PgDriver, runCappedQuery } from './pg-capped-query.js';
import { classifyPgError } from './pg-errors.js';

export interface PgPoolOptions {
  /** "PostgreSQL" or "Redshift", for messages. */
  engine: string;
  driver: PgDriver;
  config: ClientConfig;
  redactor: Redactor;
  /** Called for every statement sent (the adapter's queryCount). */
  onStatement: () => void;
  log?: ((message: string, fields?: Record<string, unknown>) => void) | undefined;
  /** Connections kept at most. @default 4 */
  maxConnections?: number;
}

export interface RunOptions {
  signal?: AbortSignal | undefined;
}

/** One checked-out connection. Every statement is cancellable on the server through the signal. */
export interface PgSession {
  run<R extends Record<string, unknown> = Record<string, unknown>>(
    sql: string,
    params?: unknown[],
    options?: RunOptions,
  ): Promise<PG.QueryResult<R>>;
  runCapped(sql: string, params: unknown[] | undefined, maxRows: number, options?: RunOptions): Promise<CappedResult>;
  /** Cancels the running statement on the server (pg_cancel_backend from a second connection). */
  cancel(): Promise<void>;
}

/** Waits for `promise` unless the signal aborts first; then `onLate` receives the value that came too late. */
function raceAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined, onLate: (value: T) => void): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    let abandoned = false;
    const onAbort = () => {
      abandoned = true;
      try {
        throwIfAborted(signal);
      } catch (error) {
        reject(error);
      }
    };
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        if (abandoned) onLate(value);
        else resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

const pause = (ms: number) =>
  new Promise<void>((resolve) => {
    setTimeout(resolve, ms).unref();
  });

/** Rounds of cancel-then-wait before the socket is cut; each round waits at most this long for the statement. */
const cancelRounds = 2;
const cancelRoundMs = 1000;

/**
 * Stops an aborted statement: pg_cancel_backend from a second connection, repeated once (a cancel that reaches the
 * server just before the statement starts is lost); if the statement still has not ended (a hung server, or one the
 * cancel cannot reach), the socket is destroyed so the call, and the pool's close, cannot wait forever.
 */
async function stopStatement(
  cancel: () => Promise<void>,
  settled: () => boolean,
  done: Promise<void>,
  cut: () => void,
): Promise<void> {
  for (let round = 0; round < cancelRounds && !settled(); round++) {
    await Promise.race([cancel(), done, pause(cancelRoundMs)]);
    if (!settled()) await Promise.race([done, pause(cancelRoundMs)]);
  }
  if (!settled()) cut();
}

function destroySocket(client: PG.Client): void {
  (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
}

/** A lazily created pg Pool shared by PostgreSQL and Redshift adapters; closed by `end()`. */
export class PgConnectionPool {
  private pool: PG.Pool | undefined;
  private ended = false;
  private ending: Promise<void> | undefined;
  /** Every client the pool made, so connections still being opened can be cut on abort and close. */
  private readonly clients = new Set<PG.Client>();

  constructor(private readonly options: PgPoolOptions) {}

  private getPool(): PG.Pool {
    if (!this.pool) {
      const { driver, config } = this.options;
      const clients = this.clients;
      class TrackedClient extends driver.Client {
        constructor(clientConfig?: PG.ClientConfig) {
          super(clientConfig);
          clients.add(this);
          this.once('end', () => clients.delete(this));
        }
      }
      this.pool = new driver.Pool({
        ...config,
        Client: TrackedClient,
        max: this.options.maxConnections ?? 4,
        idleTimeoutMillis: 10_000,
      });
      // An idle connection dropped by the server must not crash the process.
      this.pool.on('error', (error) => {
        this.options.log?.('idle connection error', { message: this.options.redactor.redactText(error.message) });
      });
    }
    return this.pool;
  }

  classify(error: unknown, operation: string, signal?: AbortSignal, timedOut?: boolean): DatataskError {
    const { engine, redactor } = this.options;
    return classifyPgError(error, { engine, redactor, operation, signal, timedOut });
  }

  /** Checks out a connection for `body`, releasing it in every case (destroying it after an error or abort). */
  async withSession<T>(
    operation: string,
    signal: AbortSignal | undefined,
    body: (session: PgSession) => Promise<T>,
  ): Promise<T> {
    throwIfAborted(signal);
    if (this.ended) throw this.classify(new Error('the adapter is closed'), operation);
    let client: PoolClient;
    try {
      client = await raceAbort(this.getPool().connect(), signal, (late) => late.release(true));
    } catch (error) {
      // A connect still waiting on a stalled server would keep its socket until the connect timeout.
      if (signal?.aborted) this.cutConnecting();
      throw this.classify(error, 'connect', signal);
    }
    let failed = false;
    // A checked-out client has no pool listener: a connection lost between statements must not crash the process.
    const onLostConnection = () => undefined;
    client.on('error', onLostConnection);
    try {
      return await body(this.session(client));
    } catch (error) {
      failed = true;
      throw this.classify(error, operation, signal);
    } finally {
      client.off('error', onLostConnection);
      // A connection that saw an error or a cancel may be mid-transaction: never hand it out again.
      client.release(failed || signal?.aborted === true);
    }
  }

  private session(client: PoolClient): PgSession {
    const { driver, onStatement } = this.options;
    const cancel = () => this.cancelBackend(client);
    const guarded = async <T>(send: () => Promise<T>, signal: AbortSignal | undefined): Promise<T> => {
      throwIfAborted(signal);
      onStatement();
      const statement = send();
      let settled = false;
      const done = statement.then(
        () => {
          settled = true;
        },
        () => {
          settled = true;
        },
      );
      const onAbort = () =>
        void stopStatement(
          cancel,
          () => settled,
          done,
          () => destroySocket(client),
        );
      signal?.addEventListener('abort', onAbort, { once: true });
      try {
        return await statement;
      } finally {
        signal?.removeEventListener('abort', onAbort);
      }
    };
    return {
      run: (sql, params, options) => guarded(() => client.query(sql, params), options?.signal),
      runCapped: (sql, params, maxRows, options) =>
        guarded(() => runCappedQuery(driver, client, sql, params, maxRows), options?.signal),
      cancel,
    };
  }

  /** Cancels whatever `client` runs, from a short-lived second connection; failures only log (best effort). */
  private async cancelBackend(client: PoolClient): Promise<void> {
    const pid = (client as unknown as { processID?: number | null }).processID;
    if (!pid) return;
    const { driver, config, redactor } = this.options;
    const canceller = new driver.Client({ ...config, application_name: `${config.application_name ?? ''}-cancel` });
    canceller.on('error', () => undefined);
    try {
      await canceller.connect();
      this.options.onStatement();
      await canceller.query('SELECT pg_cancel_backend($1)', [pid]);
    } catch (error) {
      this.options.log?.('cancel failed', { message: redactor.redactText((error as Error).message) });
    } finally {
      await canceller.end().catch(() => undefined);
    }
  }

  /** Destroys the sockets of clients that have not finished connecting (nothing else can interrupt them). */
  private cutConnecting(): void {
    for (const client of this.clients) {
      const state = client as unknown as { _connecting?: boolean; _connected?: boolean };
      if (state._connecting && !state._connected) destroySocket(client);
    }
  }

  /** Closes every connection; safe to call twice (a second call waits for the first). */
  end(): Promise<void> {
    this.ending ??= (async () => {
      this.ended = true;
      const pool = this.pool;
      this.pool = undefined;
      this.cutConnecting();
      if (pool) await pool.end();
    })();
    return this.ending;
  }
}
