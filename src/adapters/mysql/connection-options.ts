import type { SslOptions as MysqlSslOptions, PoolOptions } from 'mysql2';
import type { CredentialsOf, SslOptions } from '../credentials.js';

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

function sslOptions(ssl: SslOptions | undefined, urlMode: SslMode | undefined): MysqlSslOptions | undefined {
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
export function mysqlConnectionOptions(credentials: MysqlCredentials): PoolOptions {
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
