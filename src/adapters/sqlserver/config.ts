/** Credentials -> mssql pool configuration. */
import type { CredentialsOf } from '../credentials.js';

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

export function connectedDatabaseName(credentials: SqlServerCredentials): string | undefined {
  return target(credentials).database;
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
