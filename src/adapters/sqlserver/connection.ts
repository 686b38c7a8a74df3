/**
 * The mssql driver (the small part of v12 over tedious the adapter uses; the package ships no types), the pool
 * configuration from the credentials, and one pool per adapter, opened on first use and closed with the adapter.
 */
import type { EventEmitter } from 'node:events';
import { DatataskError, ErrorCode } from '../../core/errors.js';
import type { Redactor } from '../../core/redact.js';
import type { CredentialsOf } from '../credentials.js';
import { abortReason, toSqlServerError } from './errors.js';

export interface MssqlColumnMetadata {
  index: number;
  name: string;
  type?: { declaration?: string };
}

export interface MssqlRequest extends EventEmitter {
  stream: boolean | null;
  input(name: string, value: unknown): MssqlRequest;
  query(sql: string): Promise<unknown>;
  cancel(): boolean;
  pause(): boolean;
}

export interface MssqlPool extends EventEmitter {
  connect(): Promise<MssqlPool>;
  close(): Promise<void>;
}

/** Tedious connection, as given to the `beforeConnect` hook. */
export interface TediousConnection extends EventEmitter {}

export interface MssqlDriver {
  ConnectionPool: new (config: Record<string, unknown>) => MssqlPool;
  Request: new (pool: MssqlPool, overrides?: { requestTimeout?: number }) => MssqlRequest;
}

export type SqlServerCredentials = CredentialsOf<'sqlserver'>;

/** Connections per adapter: introspection runs its queries one after the other, user queries may overlap. */
const poolMax = 4;

interface Target {
  host: string;
  port?: number;
  instance?: string;
  database?: string;
  user?: string;
  password?: string;
  /** ApplicationIntent=ReadOnly, from `?applicationIntent=ReadOnly` in the URL. */
  readOnlyIntent: boolean;
}

/** Explicit fields win over the URL (sqlserver://user:pass@host:port/db or host\\instance). */
function target(credentials: SqlServerCredentials): Target {
  const fromUrl: Partial<Target> = {};
  let readOnlyIntent = false;
  if (credentials.url) {
    const url = new URL(credentials.url);
    const [host, instance] = decodeURIComponent(url.hostname).split('\\');
    Object.assign(fromUrl, {
      host,
      ...(instance ? { instance } : {}),
      ...(url.port ? { port: Number(url.port) } : {}),
      ...(url.pathname.length > 1 ? { database: decodeURIComponent(url.pathname.slice(1)) } : {}),
      ...(url.username ? { user: decodeURIComponent(url.username) } : {}),
      ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
    });
    readOnlyIntent = url.searchParams.get('applicationIntent')?.toLowerCase() === 'readonly';
  }
  const host = credentials.host ?? fromUrl.host ?? 'localhost';
  const port = credentials.port ?? fromUrl.port;
  const instance = credentials.instance ?? fromUrl.instance;
  const database = credentials.database ?? fromUrl.database;
  const user = credentials.user ?? fromUrl.user;
  const password = credentials.password ?? fromUrl.password;
  return {
    host,
    ...(port !== undefined ? { port } : {}),
    ...(instance ? { instance } : {}),
    ...(database ? { database } : {}),
    ...(user ? { user } : {}),
    ...(password !== undefined ? { password } : {}),
    readOnlyIntent,
  };
}

/**
 * Pool options for mssql. encrypt 'strict' is TDS 8.0 (TLS before PRELOGIN, ALPN tds/8.0); there tedious always
 * verifies the certificate, so a private CA goes in `ssl.ca`. The pool checks a connection's socket on acquire
 * rather than sending `SELECT 1` each time.
 */
export function mssqlConfig(credentials: SqlServerCredentials, beforeConnect: (connection: unknown) => void) {
  const { host, port, instance, database, user, password, readOnlyIntent } = target(credentials);
  const ca = credentials.ssl?.ca;
  return {
    server: host,
    ...(port !== undefined && !instance ? { port } : {}),
    ...(database ? { database } : {}),
    ...(user ? { user } : {}),
    ...(password !== undefined ? { password } : {}),
    connectionTimeout: credentials.connectTimeoutMs,
    requestTimeout: 0,
    validateConnection: 'socket',
    pool: { min: 0, max: poolMax, idleTimeoutMillis: 30_000 },
    beforeConnect,
    options: {
      encrypt: credentials.encrypt,
      trustServerCertificate: credentials.trustServerCertificate,
      appName: credentials.applicationName,
      readOnlyIntent,
      ...(instance ? { instanceName: instance } : {}),
      ...(ca ? { cryptoCredentialsDetails: { ca } } : {}),
    },
  };
}

export type Log = (message: string, fields?: Record<string, unknown>) => void;

export class SqlServerConnections {
  /** Statements sent so far (catalog queries and user queries). */
  statementCount = 0;
  private connecting: Promise<MssqlPool> | undefined;
  private closed = false;
  /** Server error numbers seen during logins: tedious keeps only the last message (18456 hides 4060). */
  private loginNumbers: number[] = [];

  constructor(
    readonly driver: MssqlDriver,
    private readonly credentials: SqlServerCredentials,
    readonly redactor: Redactor,
    private readonly log: Log,
  ) {}

  /** The connected pool; a failed connection attempt is retried by the next call. */
  async pool(signal?: AbortSignal): Promise<MssqlPool> {
    if (this.closed) throw new DatataskError(ErrorCode.CONNECTION_FAILED, 'SQL Server: the adapter is closed');
    if (signal?.aborted) throw abortReason(signal);
    this.connecting ??= this.connect();
    const connecting = this.connecting;
    if (!signal) return connecting;
    // An abort stops the wait; the attempt itself ends on its own and close() still releases it.
    let onAbort: (() => void) | undefined;
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => reject(abortReason(signal));
      signal.addEventListener('abort', onAbort, { once: true });
    });
    try {
      return await Promise.race([connecting, aborted]);
    } finally {
      if (onAbort) signal.removeEventListener('abort', onAbort);
    }
  }

  private async connect(): Promise<MssqlPool> {
    this.loginNumbers = [];
    const watchLogin = (connection: unknown) => {
      const tedious = connection as TediousConnection;
      let loggedIn = false;
      tedious.once('connect', () => {
        loggedIn = true;
      });
      tedious.on('errorMessage', (token: { number?: number }) => {
        if (!loggedIn && typeof token.number === 'number') this.loginNumbers.push(token.number);
      });
    };
    const pool = new this.driver.ConnectionPool(mssqlConfig(this.credentials, watchLogin));
    pool.on('error', (error: Error) => this.log('SQL Server pool error', { error: error.message }));
    try {
      await pool.connect();
      this.log('SQL Server pool connected');
      return pool;
    } catch (error) {
      this.connecting = undefined;
      await pool.close().catch(() => undefined);
      throw toSqlServerError(error, this.redactor, 'connect', this.loginNumbers);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const pending = this.connecting;
    this.connecting = undefined;
    const pool = await pending?.catch(() => undefined);
    await pool?.close();
  }
}
