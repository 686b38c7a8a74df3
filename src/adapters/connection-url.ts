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
  const query = Object.fromEntries(url.searchParams);
  const user = url.username ? decode(url.username) : undefined;
  const password = url.password ? decode(url.password) : undefined;
  const pathPart = decode(url.pathname.replace(/^\//, ''));
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
    default: {
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
        ...(password !== undefined ? { password } : {}),
        ...(mode && mode !== 'prefer' && mode !== 'allow' ? { ssl: { mode: mode as 'disable' } } : {}),
        ...(type === 'sqlserver' && query.encrypt
          ? { encrypt: query.encrypt === 'strict' ? 'strict' : query.encrypt !== 'false' }
          : {}),
        ...(type === 'sqlserver' && query.trustServerCertificate
          ? { trustServerCertificate: query.trustServerCertificate === 'true' }
          : {}),
      };
    }
  }
}
