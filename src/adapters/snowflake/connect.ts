/** Opens one snowflake-sdk connection: login bounded by connectTimeoutMs and the signal, then a context check. */
import { AbortError, DatataskError, ErrorCode, throwIfAborted } from '../../core/errors.js';
import type { Redactor } from '../../core/redact.js';
import type { CredentialsOf } from '../credentials.js';
import type { SnowflakeConnection, SnowflakeDriver } from './driver-types.js';
import { mapSnowflakeError } from './errors.js';

export type SnowflakeCredentials = CredentialsOf<'snowflake'>;

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
