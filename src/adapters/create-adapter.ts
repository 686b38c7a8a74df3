import type { Adapter, AdapterFactoryOptions } from './adapter.js';
import { type CredentialsInput, parseCredentials } from './credentials.js';

/**
 * Validates the credentials (before any connection is opened), then loads the implementation for their `type`.
 * Each implementation imports its driver lazily, so only the drivers actually used need to be installed.
 */
export async function createAdapter(
  credentials: CredentialsInput,
  options: AdapterFactoryOptions = {},
): Promise<Adapter> {
  const parsed = parseCredentials(credentials);
  switch (parsed.type) {
    case 'postgres':
      return (await import('./postgres/index.js')).createPostgresAdapter(parsed, options);
    case 'redshift':
      return (await import('./redshift/index.js')).createRedshiftAdapter(parsed, options);
    case 'mysql':
      return (await import('./mysql/index.js')).createMysqlAdapter(parsed, options);
    case 'duckdb':
      return (await import('./duckdb/index.js')).createDuckDbAdapter(parsed, options);
    case 'snowflake':
      return (await import('./snowflake/index.js')).createSnowflakeAdapter(parsed, options);
    case 'bigquery':
      return (await import('./bigquery/index.js')).createBigQueryAdapter(parsed, options);
    case 'sqlserver':
      // The injected driver is the caller's responsibility: each implementation types its own.
      return (await import('./sqlserver/index.js')).createSqlServerAdapter(
        parsed,
        options as AdapterFactoryOptions<never>,
      );
    case 'databricks':
      return (await import('./databricks/index.js')).createDatabricksAdapter(parsed, options);
  }
}
