import type PG from 'pg';
import type { ClientConfig, PoolClient } from 'pg';
import { type DatataskError, throwIfAborted } from '../../core/errors.js';
import { loadDriver } from '../../core/load-driver.js';
import type { Redactor } from '../../core/redact.js';
import type { SslOptions } from '../credentials.js';
import { PgCanceller, PgSockets, raceAbort, stopStatement } from './cancel.js';
import { classifyPgError } from './errors.js';
import {
  type CappedResult,
  type PgCursorClass,
  type PgDriver,
  pgCursorPackage,
  runCappedQuery,
  runMappedQuery,
  withCopyHandlers,
} from './statement.js';

export interface PgPoolOptions {
  /** "PostgreSQL" or "Redshift", for messages. */
  engine: string;
  driver: PgDriver;
  /** pg-cursor's Cursor class; imported on first use when not given. */
  cursor?: PgCursorClass | undefined;
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
  /** Maps each row as it arrives and keeps only what `map` returns, undefined aside (reads too big to hold twice). */
  runMapped<T>(
    sql: string,
    params: unknown[] | undefined,
    map: (row: Record<string, unknown>) => T | undefined,
    options?: RunOptions,
  ): Promise<T[]>;
  /** Cancels the running statement on the server (pg_cancel_backend from a second connection); false if it cannot. */
  cancel(): Promise<boolean>;
}

/** A lazily created pg Pool shared by PostgreSQL and Redshift adapters; closed by `end()`. */
export class PgConnectionPool {
  private pool: PG.Pool | undefined;
  private ended = false;
  private ending: Promise<void> | undefined;
  private cursor: Promise<PgCursorClass> | undefined;
  /** Every connection's socket, so a hung statement or a connect still in progress can be cut. */
  private readonly sockets = new PgSockets();
  private readonly Client: typeof PG.Client;
  private readonly canceller: PgCanceller;

  constructor(private readonly options: PgPoolOptions) {
    this.Client = this.sockets.clientClass(options.driver);
    const { config, redactor, onStatement, log } = options;
    this.canceller = new PgCanceller({ Client: this.Client, config, redactor, onStatement, log });
  }

  private getPool(): PG.Pool {
    if (!this.pool) {
      this.pool = new this.options.driver.Pool({
        ...this.options.config,
        Client: this.Client,
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

  /** pg-cursor, imported once; missing, it fails every session with DRIVER_NOT_INSTALLED naming it. */
  private loadCursor(): Promise<PgCursorClass> {
    this.cursor ??= loadDriver<PgCursorClass>(pgCursorPackage, this.options.cursor).then(withCopyHandlers);
    return this.cursor;
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
    const Cursor = await this.loadCursor();
    throwIfAborted(signal);
    let client: PoolClient;
    try {
      client = await raceAbort(this.getPool().connect(), signal, (late) => late.release(true));
    } catch (error) {
      // A connect still waiting on a stalled server would keep its socket until the connect timeout.
      if (signal?.aborted) this.sockets.cutConnecting();
      throw this.classify(error, 'connect', signal);
    }
    let failed = false;
    // A checked-out client has no pool listener: a connection lost between statements must not crash the process.
    const onLostConnection = () => undefined;
    client.on('error', onLostConnection);
    try {
      const session = this.session(client, Cursor);
      await this.canceller.remember(client, (sql) => session.run(sql, undefined, { signal }));
      return await body(session);
    } catch (error) {
      failed = true;
      throw this.classify(error, operation, signal);
    } finally {
      client.off('error', onLostConnection);
      // A connection that saw an error or a cancel may be mid-transaction: never hand it out again.
      client.release(failed || signal?.aborted === true);
    }
  }

  private session(client: PoolClient, Cursor: PgCursorClass): PgSession {
    const { onStatement } = this.options;
    const cancel = () => this.canceller.cancel(client);
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
          () => this.sockets.cut(client),
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
        guarded(() => runCappedQuery(Cursor, client, sql, params, maxRows), options?.signal),
      runMapped: (sql, params, map, options) =>
        guarded(() => runMappedQuery(this.options.driver.Query, client, sql, params, map), options?.signal),
      cancel,
    };
  }

  /** Closes every connection; safe to call twice (a second call waits for the first). */
  end(): Promise<void> {
    this.ending ??= (async () => {
      this.ended = true;
      const pool = this.pool;
      this.pool = undefined;
      this.sockets.cutConnecting();
      if (pool) await pool.end();
    })();
    return this.ending;
  }
}

/** The fields PostgreSQL and Redshift credentials share (both speak the PostgreSQL wire protocol). */
export interface PgWireCredentials {
  host?: string | undefined;
  port?: number | undefined;
  database?: string | undefined;
  user?: string | undefined;
  password?: string | undefined;
  url?: string | undefined;
  ssl?: SslOptions | undefined;
  connectTimeoutMs: number;
  applicationName: string;
}

const sslModes = new Set(['disable', 'require', 'verify-ca', 'verify-full']);

/** Fields and SSL mode read from a postgres:// URL; explicit credential fields win over them. */
function fromUrl(url: string | undefined): Partial<PgWireCredentials> & { sslMode?: SslOptions['mode'] } {
  if (!url) return {};
  const parsed = new URL(url);
  const mode = parsed.searchParams.get('sslmode') ?? undefined;
  const decode = (value: string) => (value ? decodeURIComponent(value) : undefined);
  return {
    host: decode(parsed.hostname.replace(/^\[|\]$/g, '')),
    port: parsed.port ? Number(parsed.port) : undefined,
    database: decode(parsed.pathname.replace(/^\//, '')),
    user: decode(parsed.username),
    // libpq also takes the password as a query parameter.
    password: decode(parsed.password) ?? parsed.searchParams.get('password') ?? undefined,
    // libpq's prefer/allow have no strict equivalent: treat them as require (encrypt, do not verify).
    ...(mode ? { sslMode: sslModes.has(mode) ? (mode as SslOptions['mode']) : 'require' } : {}),
  };
}

/** node:tls options for an SSL mode, following libpq's meaning of each mode. */
export function tlsOptions(ssl: SslOptions | undefined, urlMode?: SslOptions['mode']): ClientConfig['ssl'] {
  const mode = ssl?.mode ?? urlMode ?? 'disable';
  if (mode === 'disable') return false;
  const material = {
    ...(ssl?.ca ? { ca: ssl.ca } : {}),
    ...(ssl?.cert ? { cert: ssl.cert } : {}),
    ...(ssl?.key ? { key: ssl.key } : {}),
  };
  if (mode === 'require') return { ...material, rejectUnauthorized: false };
  // verify-ca checks the chain but not the host name.
  if (mode === 'verify-ca') return { ...material, rejectUnauthorized: true, checkServerIdentity: () => undefined };
  return { ...material, rejectUnauthorized: true };
}

/** A pg ClientConfig from credentials given as fields or as a URL. */
export function pgClientConfig(credentials: PgWireCredentials, defaultPort: number): ClientConfig {
  const url = fromUrl(credentials.url);
  return {
    host: credentials.host ?? url.host ?? 'localhost',
    port: credentials.port ?? url.port ?? defaultPort,
    database: credentials.database ?? url.database,
    user: credentials.user ?? url.user,
    password: credentials.password ?? url.password,
    ssl: tlsOptions(credentials.ssl, url.sslMode),
    connectionTimeoutMillis: credentials.connectTimeoutMs,
    application_name: credentials.applicationName,
    // Keeps pg from reading PG* environment variables or ~/.pgpass behind the caller's back.
    keepAlive: true,
  };
}
