import { ValidationError } from '../core/errors.js';
import type { CredentialsInput } from './credentials.js';

const schemes: Record<
  string,
  'postgres' | 'mysql' | 'redshift' | 'sqlserver' | 'snowflake' | 'databricks' | 'bigquery' | 'duckdb'
> = {
  postgres: 'postgres',
  postgresql: 'postgres',
  mysql: 'mysql',
  mariadb: 'mysql',
  redshift: 'redshift',
  sqlserver: 'sqlserver',
  mssql: 'sqlserver',
  snowflake: 'snowflake',
  databricks: 'databricks',
  bigquery: 'bigquery',
  duckdb: 'duckdb',
};

function invalid(message: string): never {
  // Never echo the URL: it may hold a password.
  throw new ValidationError('connection URL', [{ path: 'url', message, code: 'invalid_url' }]);
}

function decode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return invalid('the URL has a malformed %-escape');
  }
}

const encodeHint =
  'percent-encode special characters of the user name and password (@ %40, : %3A, / %2F, # %23, ? %3F, % %25)';

/**
 * Why a server connection URL cannot be used as it is written, or undefined when it can. Never echoes the URL. An
 * unencoded `/`, `#` or `?` in a password ends the URL's authority early (the rest would become host, port, path or
 * fragment), and a `%` that is no escape cannot be decoded: both are refused instead of guessed.
 */
export function connectionUrlProblem(input: string): string | undefined {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return `url is not a valid connection URL; ${encodeHint}`;
  }
  try {
    decodeURIComponent(url.username);
    decodeURIComponent(url.password);
    decodeURIComponent(url.pathname);
  } catch {
    return `url has a malformed %-escape in its user name, password or path; ${encodeHint}`;
  }
  if (url.hash || url.pathname.includes('@') || [...url.searchParams.keys()].some((key) => key.includes('@'))) {
    return `url has an @ after its host, as when a password holds an unencoded / # or ?; ${encodeHint}`;
  }
  return undefined;
}

/**
 * Why a `host` field is not a host name, IP address or socket directory (`/var/run/postgresql`), or undefined.
 * A URL or `user:password@host` pasted into `host` is refused rather than parsed: which of its parts would win over
 * the other fields is a guess, and the host text reaches DNS errors and logs.
 */
export function hostProblem(host: string): string | undefined {
  if (/:\/\/|[@?#\s]/.test(host) || (host.includes('/') && !host.startsWith('/'))) {
    return 'host must be a host name or IP address, not a URL or user:password@host; give a connection URL as url, and user and password in their own fields';
  }
  return undefined;
}

/**
 * Turns a connection URL into credentials:
 * postgres|postgresql|mysql|mariadb|redshift|sqlserver|mssql://user:pass@host:port/db?sslmode=require,
 * snowflake://user:pass@account/database?warehouse=W&role=R, databricks://token:TOKEN@host/sql/1.0/warehouses/ID,
 * bigquery://project?location=EU&keyFile=/path/key.json, duckdb:path/to/file.duckdb (or duckdb::memory:).
 */
export function parseConnectionUrl(input: string): CredentialsInput {
  const trimmed = input.trim();
  const schemeMatch = /^([a-z][a-z0-9+.-]*):/i.exec(trimmed);
  if (!schemeMatch) {
    if (/\.(duckdb|db)$/i.test(trimmed)) return { type: 'duckdb', path: trimmed };
    return invalid('expected a URL such as postgres://user@host:5432/db, or a .duckdb file');
  }
  const scheme = schemeMatch[1]!.toLowerCase();
  const type = schemes[scheme];
  if (!type) return invalid(`unknown scheme "${scheme.slice(0, 20)}"; use one of ${Object.keys(schemes).join(', ')}`);
  if (type === 'duckdb') {
    const file = trimmed.slice(schemeMatch[0].length).replace(/^\/\//, '');
    return { type: 'duckdb', path: file || ':memory:' };
  }
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return invalid('the URL could not be parsed');
  }
  // An unencoded / # ? in a password would otherwise become host, port or database (and show in errors).
  const problem = connectionUrlProblem(trimmed);
  if (problem) return invalid(problem);
  const parts: UrlParts = {
    url,
    query: Object.fromEntries(url.searchParams),
    user: url.username ? decode(url.username) : undefined,
    password: url.password ? decode(url.password) : undefined,
    pathPart: decode(url.pathname.replace(/^\//, '')),
  };
  if (type === 'snowflake' || type === 'databricks' || type === 'bigquery') return warehouseCredentials(type, parts);
  return serverCredentials(type, parts);
}

interface UrlParts {
  url: URL;
  query: Record<string, string>;
  user: string | undefined;
  password: string | undefined;
  pathPart: string;
}

function warehouseCredentials(type: 'snowflake' | 'databricks' | 'bigquery', parts: UrlParts): CredentialsInput {
  const { url, query, user, password, pathPart } = parts;
  switch (type) {
    case 'snowflake':
      return {
        type,
        account: url.hostname,
        user: user ?? '',
        ...(password ? { password } : {}),
        ...(pathPart ? { database: pathPart.split('/')[0] } : {}),
        ...(pathPart.includes('/') ? { schema: pathPart.split('/')[1] } : {}),
        ...(query.warehouse ? { warehouse: query.warehouse } : {}),
        ...(query.role ? { role: query.role } : {}),
      };
    case 'databricks':
      return {
        type,
        host: url.hostname,
        ...(url.port ? { port: Number(url.port) } : {}),
        httpPath: `/${pathPart}`,
        token: password ?? query.token ?? '',
        ...(query.catalog ? { catalog: query.catalog } : {}),
        ...(query.schema ? { schema: query.schema } : {}),
      };
    case 'bigquery':
      return {
        type,
        projectId: url.hostname,
        ...(query.location ? { location: query.location } : {}),
        ...(query.keyFile ? { serviceAccountKey: query.keyFile } : {}),
        ...(query.datasets ? { datasets: query.datasets.split(',') } : {}),
      };
  }
}

/** PostgreSQL, MySQL/MariaDB, Redshift, SQL Server: host, port, database, user, password, TLS mode. */
function serverCredentials(type: 'postgres' | 'mysql' | 'redshift' | 'sqlserver', parts: UrlParts): CredentialsInput {
  const { url, query, user, password, pathPart } = parts;
  const sslmode = query.sslmode ?? query.ssl;
  const mode = sslmode === 'true' ? 'require' : sslmode;
  if (mode && !['disable', 'require', 'verify-ca', 'verify-full', 'prefer', 'allow'].includes(mode)) {
    return invalid(`unknown sslmode "${mode.slice(0, 20)}"`);
  }
  return {
    type,
    host: url.hostname.replace(/^\[|\]$/g, ''),
    ...(url.port ? { port: Number(url.port) } : {}),
    ...(pathPart ? { database: pathPart } : {}),
    ...(user ? { user } : {}),
    // libpq and mysql2 also take the password as a query parameter.
    ...(password !== undefined ? { password } : query.password !== undefined ? { password: query.password } : {}),
    ...(mode && mode !== 'prefer' && mode !== 'allow' ? { ssl: { mode: mode as 'disable' } } : {}),
    ...(type === 'sqlserver' && query.encrypt
      ? { encrypt: query.encrypt === 'strict' ? 'strict' : query.encrypt !== 'false' }
      : {}),
    ...(type === 'sqlserver' && query.trustServerCertificate
      ? { trustServerCertificate: query.trustServerCertificate === 'true' }
      : {}),
  };
}
