import type * as Mysql from 'mysql2';
import { AbortError, DatataskError, ErrorCode } from '../../core/errors.js';
import type { Redactor } from '../../core/redact.js';
import type { CredentialsOf, SslOptions } from '../credentials.js';
import { toMysqlError } from './errors.js';

/**
 * What an injected `driver` must provide: the `mysql2` module fits. Declared here rather than imported so the
 * published types compile for users who have not installed mysql2 (`skipLibCheck: false`).
 */
export interface MysqlDriver {
  createPool(options: object): unknown;
  createConnection(options: object): unknown;
}

/** The loaded mysql2 module as this file uses it. */
export type MysqlModule = typeof Mysql;
export type MysqlConnection = Mysql.PoolConnection;

export type MysqlCredentials = CredentialsOf<'mysql'>;
type SslMode = SslOptions['mode'];

/** `ssl-mode` spellings of the MySQL clients and libpq, mapped to ours. */
const urlSslModes: Record<string, SslMode> = {
  disable: 'disable',
  disabled: 'disable',
  require: 'require',
  required: 'require',
  preferred: 'require',
  'verify-ca': 'verify-ca',
  verify_ca: 'verify-ca',
  'verify-full': 'verify-full',
  verify_identity: 'verify-full',
};

interface ServerAddress {
  host?: string;
  port?: number;
  user?: string;
  password?: string;
  database?: string;
  sslMode?: SslMode;
}

function fromUrl(url: string | undefined): ServerAddress {
  if (!url) return {};
  const parsed = new URL(url);
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  const mode = parsed.searchParams.get('ssl-mode') ?? parsed.searchParams.get('sslmode') ?? undefined;
  const sslMode = mode === undefined ? undefined : urlSslModes[mode.toLowerCase()];
  // mysql2 and the MySQL clients also take the password as a query parameter.
  const password = parsed.password ? decodeURIComponent(parsed.password) : parsed.searchParams.get('password');
  return {
    ...(parsed.hostname ? { host: parsed.hostname.replace(/^\[|\]$/g, '') } : {}),
    ...(parsed.port ? { port: Number(parsed.port) } : {}),
    ...(parsed.username ? { user: decodeURIComponent(parsed.username) } : {}),
    ...(password !== null ? { password } : {}),
    ...(database ? { database } : {}),
    ...(sslMode ? { sslMode } : {}),
  };
}

function sslOptions(ssl: SslOptions | undefined, urlMode: SslMode | undefined): Mysql.SslOptions | undefined {
  const mode = ssl?.mode ?? urlMode ?? 'disable';
  if (mode === 'disable') return undefined;
  const material = {
    ...(ssl?.ca ? { ca: ssl.ca } : {}),
    ...(ssl?.cert ? { cert: ssl.cert } : {}),
    ...(ssl?.key ? { key: ssl.key } : {}),
  };
  if (mode === 'require') return { ...material, rejectUnauthorized: false };
  // verify-ca checks the chain only; verify-full also checks the host name.
  return { ...material, rejectUnauthorized: true, verifyIdentity: mode === 'verify-full' };
}

/** The database the session opens in (explicit field first, then the URL path). */
export function connectedDatabase(credentials: MysqlCredentials): string | undefined {
  return credentials.database ?? fromUrl(credentials.url).database;
}

/**
 * mysql2 options for a session. Explicit fields win over the URL. Dates come back as strings (no time-zone
 * shifting), and integers beyond 2^53 as strings instead of rounded numbers.
 */
export function mysqlConnectionOptions(credentials: MysqlCredentials): Mysql.PoolOptions {
  const fromAddress = fromUrl(credentials.url);
  const ssl = sslOptions(credentials.ssl, fromAddress.sslMode);
  const database = credentials.database ?? fromAddress.database;
  const password = credentials.password ?? fromAddress.password;
  return {
    host: credentials.host ?? fromAddress.host ?? 'localhost',
    port: credentials.port ?? fromAddress.port ?? 3306,
    user: credentials.user ?? fromAddress.user ?? 'root',
    ...(password !== undefined ? { password } : {}),
    ...(database ? { database } : {}),
    ...(ssl ? { ssl } : {}),
    connectTimeout: credentials.connectTimeoutMs,
    connectAttributes: { program_name: credentials.applicationName },
    dateStrings: true,
    supportBigNumbers: true,
    bigNumberStrings: false,
    multipleStatements: false,
    timezone: 'Z',
  };
}

/** A borrowed connection. A broken one (cancelled, truncated mid-stream) is destroyed instead of going back to the pool. */
export interface Lease {
  connection: MysqlConnection;
  markBroken(): void;
}

/** The error an aborted signal stands for: its reason when typed, ABORTED otherwise. */
export function abortReason(signal: AbortSignal): DatataskError {
  const reason: unknown = signal.reason;
  if (reason instanceof DatataskError) return reason;
  return new AbortError(reason instanceof Error ? reason.message : undefined, { cause: reason });
}

const unknownThreadErrno = 1094;

/** How long a KILL QUERY may wait for its answer before the statement's own socket is cut anyway. */
const killAnswerMs = 2000;

/**
 * The adapter's pool plus the side connections that cancel statements. Counts every statement sent, so callers
 * can check round trips. The pool is created on first use and ended by `close()`.
 */
export class MysqlConnections {
  statementCount = 0;
  private pool: Mysql.Pool | undefined;
  private closing: Promise<void> | undefined;
  private closed = false;
  private version: string | undefined;

  constructor(
    private readonly driver: MysqlModule,
    private readonly options: Mysql.PoolOptions,
    private readonly redactor: Redactor,
    private readonly log: (message: string, fields?: Record<string, unknown>) => void,
  ) {}

  /** Runs `use` with a pooled connection; the connection is released (or destroyed if broken) afterwards. */
  async withConnection<T>(signal: AbortSignal | undefined, use: (lease: Lease) => Promise<T>): Promise<T> {
    const connection = await this.acquire(signal);
    let broken = false;
    try {
      return await use({ connection, markBroken: () => (broken = true) });
    } finally {
      if (broken || signal?.aborted) connection.destroy();
      else connection.release();
    }
  }

  /** Keeps the version a caller read itself (the connection test), so `serverVersion` need not ask again. */
  rememberVersion(version: string): void {
    this.version ??= version;
  }

  /** The server's version string (`SELECT VERSION()` once per adapter). */
  async serverVersion(connection: MysqlConnection): Promise<string> {
    if (this.version === undefined) {
      this.statementCount++;
      const [rows] = await connection.promise().query<Mysql.RowDataPacket[]>('SELECT VERSION() AS version');
      this.version = String(rows[0]?.version ?? '');
    }
    return this.version;
  }

  /** Cancels the statement running on a thread, from a short-lived second connection (the pool may be full). */
  async killQuery(threadId: number): Promise<void> {
    const side = this.driver.createConnection({ ...this.options });
    side.on('error', () => {});
    // A hung server may accept the side connection and never answer: give up on the KILL after a bound.
    let giveUp: NodeJS.Timeout | undefined;
    const bounded = new Promise<never>((_, reject) => {
      giveUp = setTimeout(() => reject(new Error('KILL QUERY got no answer')), killAnswerMs);
      giveUp.unref();
    });
    try {
      this.statementCount++;
      await Promise.race([side.promise().query(`KILL QUERY ${Number(threadId)}`), bounded]);
    } catch (error) {
      if ((error as { errno?: number }).errno !== unknownThreadErrno) {
        this.log('mysql: cancelling a statement failed', { threadId, error: this.redactor.redactText(String(error)) });
      }
    } finally {
      clearTimeout(giveUp);
      side.destroy();
    }
  }

  /** Safe to call twice: a second call waits for the first. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.closed = true;
      const pool = this.pool;
      this.pool = undefined;
      if (pool) await pool.promise().end();
    })();
    return this.closing;
  }

  private acquire(signal: AbortSignal | undefined): Promise<MysqlConnection> {
    if (this.closed) {
      return Promise.reject(
        new DatataskError(ErrorCode.CONNECTION_FAILED, 'MySQL: the adapter is closed', { retriable: false }),
      );
    }
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    this.pool ??= this.createPool();
    const pool = this.pool;
    return new Promise((resolve, reject) => {
      let settled = false;
      const onAbort = () => {
        settled = true;
        reject(abortReason(signal!));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      pool.getConnection((error, connection) => {
        signal?.removeEventListener('abort', onAbort);
        // Aborted while connecting: close the late connection (its server may be the reason for the abort).
        if (settled) {
          connection?.destroy();
          return;
        }
        settled = true;
        if (error) reject(toMysqlError(error, this.redactor, 'connect'));
        else resolve(connection);
      });
    });
  }

  private createPool(): Mysql.Pool {
    const pool = this.driver.createPool({
      ...this.options,
      connectionLimit: 4,
      maxIdle: 4,
      idleTimeout: 60_000,
      enableKeepAlive: true,
    });
    // Idle connections that die (server restart) emit here; the pool replaces them on next use.
    pool.on('connection', (connection) => connection.on('error', () => {}));
    return pool;
  }
}
