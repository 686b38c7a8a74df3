import type { ClientConfig } from 'pg';
import type { SslOptions } from '../credentials.js';

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
