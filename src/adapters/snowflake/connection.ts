/**
 * The snowflake-sdk driver and one connection: the part of the driver's API the adapter uses (typed structurally so
 * the driver stays an optional peer dependency, imported lazily or injected), connection options from the
 * credentials, login bounded by connectTimeoutMs and the signal, and logout.
 */
import type { Readable } from 'node:stream';
import { AbortError, DatataskError, ErrorCode, throwIfAborted } from '../../core/errors.js';
import { loadDriver } from '../../core/load-driver.js';
import type { Redactor } from '../../core/redact.js';
import type { CredentialsOf } from '../credentials.js';
import { mapSnowflakeError } from './errors.js';

export type SnowflakeCredentials = CredentialsOf<'snowflake'>;

export type SnowflakeBind = string | number | boolean | null;

export interface SnowflakeDriverError extends Error {
  code?: string | number;
  sqlState?: string;
  cause?: unknown;
  data?: Record<string, unknown>;
}

export interface SnowflakeColumn {
  getName(): string;
  getType(): string;
  getPrecision(): number;
  getScale(): number;
}

export interface SnowflakeStatement {
  getNumRows(): number;
  getColumns(): SnowflakeColumn[] | undefined;
  getQueryId(): string;
  cancel(callback?: (error: SnowflakeDriverError | undefined) => void): void;
  streamRows(options?: { start?: number; end?: number }): Readable;
}

export interface SnowflakeExecuteOptions {
  sqlText: string;
  binds?: readonly SnowflakeBind[];
  streamResult?: boolean;
  describeOnly?: boolean;
  parameters?: Record<string, unknown>;
  complete?: (error: SnowflakeDriverError | undefined, statement: SnowflakeStatement, rows?: unknown[]) => void;
}

export interface SnowflakeConnection {
  connect(callback: (error: SnowflakeDriverError | undefined, connection: SnowflakeConnection) => void): unknown;
  execute(options: SnowflakeExecuteOptions): SnowflakeStatement;
  destroy(callback: (error: SnowflakeDriverError | undefined, connection: SnowflakeConnection) => void): void;
  isUp(): boolean;
}

export interface SnowflakeDriver {
  createConnection(options: Record<string, unknown>): SnowflakeConnection;
  configure(options: Record<string, unknown>): void;
}

/** The driver logs through this instead of writing ./snowflake.log; errors reach us through callbacks anyway. */
const silentDriverLogger = { error() {}, warn() {}, info() {}, debug() {}, trace() {} };

/** The injected driver, or snowflake-sdk imported on first use; either way with its own logging silenced. */
async function loadSnowflakeDriver(injected: SnowflakeDriver | undefined): Promise<SnowflakeDriver> {
  const driver = await loadDriver<SnowflakeDriver>('snowflake-sdk', injected);
  driver.configure({ logLevel: 'ERROR', customLogger: silentDriverLogger });
  return driver;
}

/** Driver options from credentials. Login retries stay low: the task's retry policy owns retrying. */
export function connectionOptions(credentials: SnowflakeCredentials): Record<string, unknown> {
  const options: Record<string, unknown> = {
    account: credentials.account,
    username: credentials.user,
    authenticator: credentials.authenticator === 'snowflake_jwt' ? 'SNOWFLAKE_JWT' : 'SNOWFLAKE',
    application: 'datatasks',
    sfRetryMaxLoginRetries: 0,
  };
  if (credentials.authenticator === 'snowflake_jwt') {
    options.privateKey = credentials.privateKey;
    if (credentials.privateKeyPassphrase) options.privateKeyPass = credentials.privateKeyPassphrase;
  } else {
    options.password = credentials.password;
  }
  for (const key of ['warehouse', 'role', 'database', 'schema', 'accessUrl'] as const) {
    if (credentials[key]) options[key] = credentials[key];
  }
  return options;
}

/** Ends a connection, logging out the server session; never throws. */
export function destroyConnection(connection: SnowflakeConnection): Promise<void> {
  return new Promise((resolve) => {
    try {
      connection.destroy(() => resolve());
    } catch {
      resolve();
    }
  });
}

/**
 * Logs in. `connect(callback)` is used rather than connectAsync, which resolves even when the login failed. On
 * timeout or abort the login is left to finish and its connection destroyed, so no session is left behind.
 */
export async function openConnection(
  driver: SnowflakeDriver,
  credentials: SnowflakeCredentials,
  redactor: Redactor,
  signal: AbortSignal | undefined,
  /** Receives the cleanup of a login abandoned midway, so that close() can wait for it. */
  trackCleanup: (cleanup: Promise<void>) => void = () => undefined,
): Promise<SnowflakeConnection> {
  throwIfAborted(signal);
  let connection: SnowflakeConnection;
  try {
    connection = driver.createConnection(connectionOptions(credentials));
  } catch (error) {
    throw mapSnowflakeError(error, 'connect', redactor, 'Invalid Snowflake connection settings');
  }
  const login = new Promise<SnowflakeConnection>((resolve, reject) => {
    connection.connect((error) =>
      error ? reject(mapSnowflakeError(error, 'connect', redactor, 'Snowflake login failed')) : resolve(connection),
    );
  });
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const stopped = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(
        new DatataskError(
          ErrorCode.TIMEOUT,
          `Snowflake login did not answer within ${credentials.connectTimeoutMs} ms`,
        ),
      );
    }, credentials.connectTimeoutMs);
    onAbort = () => reject(new AbortError('Snowflake login aborted', { cause: signal?.reason }));
    signal?.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([login, stopped]);
  } catch (error) {
    // A login still in flight ends later: close its session then.
    trackCleanup(login.then(destroyConnection, () => undefined));
    throw error;
  } finally {
    clearTimeout(timer);
    if (onAbort) signal?.removeEventListener('abort', onAbort);
  }
}

/** An open connection, and the server version read when it was checked. */
export interface SnowflakeSession {
  connection: SnowflakeConnection;
  serverVersion: string;
}

interface OpenSessionContext {
  credentials: SnowflakeCredentials;
  redactor: Redactor;
  /** The snowflake-sdk module when injected; imported on first use otherwise. */
  driver: SnowflakeDriver | undefined;
  /** Runs the check statement (through the adapter, which counts it). */
  check(connection: SnowflakeConnection, sql: string, signal: AbortSignal): Promise<{ rows: Row[] }>;
  /** Receives the cleanup of a login abandoned midway, so that close() can wait for it. */
  trackCleanup(cleanup: Promise<void>): void;
}

type Row = Record<string, unknown>;

/** Logs in and checks the session; a session that fails the check is logged out. */
async function openSession(context: OpenSessionContext, signal: AbortSignal): Promise<SnowflakeSession> {
  const { credentials, redactor } = context;
  const driver = await loadSnowflakeDriver(context.driver);
  const connection = await openConnection(driver, credentials, redactor, signal, context.trackCleanup);
  try {
    // Snowflake accepts a login naming a missing database and leaves the session without one: check it.
    const { rows } = await context.check(
      connection,
      'SELECT CURRENT_VERSION() AS VERSION, CURRENT_DATABASE() AS DB',
      signal,
    );
    const row = rows[0] ?? {};
    if (credentials.database && (row.DB === null || row.DB === undefined)) {
      throw new DatataskError(
        ErrorCode.DATABASE_NOT_FOUND,
        `Snowflake database ${credentials.database} does not exist or the role cannot use it`,
      );
    }
    return { connection, serverVersion: String(row.VERSION ?? '') };
  } catch (error) {
    await destroyConnection(connection);
    throw error;
  }
}

/** Opens and ends the adapter's sessions; `end` also waits for the logout of logins abandoned midway. */
export function snowflakeSessions(context: Omit<OpenSessionContext, 'trackCleanup'>) {
  const cleanups = new Set<Promise<void>>();
  const trackCleanup = (cleanup: Promise<void>) => {
    cleanups.add(cleanup);
    cleanup.finally(() => cleanups.delete(cleanup));
  };
  return {
    open: (signal: AbortSignal) => openSession({ ...context, trackCleanup }, signal),
    end: async (session: SnowflakeSession) => {
      await destroyConnection(session.connection);
      await Promise.all([...cleanups]);
    },
  };
}
