import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import {
  BigQueryCredentials,
  type CredentialsInput,
  DatabricksCredentials,
  DuckDbCredentials,
  MysqlCredentials,
  PostgresCredentials,
  RedshiftCredentials,
  SnowflakeCredentials,
  SqlServerCredentials,
  SslOptions,
} from '../adapters/credentials.js';
import { ValidationError, type ValidationIssue } from '../core/errors.js';
import { unknownNameMessage } from './suggest.js';

const schemas: Record<string, z.ZodObject> = {
  postgres: PostgresCredentials,
  mysql: MysqlCredentials,
  redshift: RedshiftCredentials,
  snowflake: SnowflakeCredentials,
  bigquery: BigQueryCredentials,
  sqlserver: SqlServerCredentials,
  databricks: DatabricksCredentials,
  duckdb: DuckDbCredentials,
};
const dataSourceKeys = ['name', 'credentials'];

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function unknownKeys(value: Record<string, unknown>, known: string[], prefix: string): ValidationIssue[] {
  return Object.keys(value)
    .filter((key) => !known.includes(key))
    .map((key) => ({
      path: `${prefix}${key}`,
      message: unknownNameMessage('key', key, known),
      code: 'unrecognized_keys',
    }));
}

/**
 * A typo in a config file would otherwise be dropped in silence (`hots` for `host` then fails as "host is required").
 * Every key is checked against the engine's credentials, with the closest valid name; schemas that pass extra keys
 * on to the driver (Snowflake's) are left to it.
 */
export function checkConfigKeys(config: unknown): ValidationIssue[] {
  if (!isObject(config)) return [{ path: '(root)', message: 'expected a JSON object', code: 'invalid_type' }];
  const wrapped = 'credentials' in config;
  const issues = wrapped ? unknownKeys(config, dataSourceKeys, '') : [];
  const credentials = wrapped ? config.credentials : config;
  const prefix = wrapped ? 'credentials.' : '';
  if (!isObject(credentials))
    return [...issues, { path: `${prefix}(root)`, message: 'expected an object', code: 'invalid_type' }];
  const type = credentials.type;
  const schema = typeof type === 'string' ? schemas[type] : undefined;
  if (!schema) {
    const message =
      typeof type === 'string'
        ? unknownNameMessage('type', type, Object.keys(schemas))
        : `type is required (one of: ${Object.keys(schemas).join(', ')})`;
    return [...issues, { path: `${prefix}type`, message, code: 'invalid_value' }];
  }
  if (schema.def.catchall === undefined) issues.push(...unknownKeys(credentials, Object.keys(schema.shape), prefix));
  if (isObject(credentials.ssl))
    issues.push(...unknownKeys(credentials.ssl, Object.keys(SslOptions.shape), `${prefix}ssl.`));
  return issues;
}

/** Reads credentials from a JSON file: bare credentials or a `{ name, credentials }` data source. */
export async function readConfigFile(file: string): Promise<{ credentials: CredentialsInput; name?: string }> {
  const fail = (message: string, code: string, path = '--config'): never => {
    throw new ValidationError('arguments', [{ path, message, code }]);
  };
  let text = '';
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    fail(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`, 'io');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    fail(`${file} is not valid JSON`, 'invalid_json');
  }
  const issues = checkConfigKeys(parsed);
  if (issues.length > 0) {
    throw new ValidationError(
      `config ${file}`,
      issues.map((issue) => ({ ...issue, path: `--config ${issue.path}` })),
    );
  }
  const config = parsed as { name?: unknown; credentials?: CredentialsInput } & CredentialsInput;
  if (!config.credentials) return { credentials: config };
  return { credentials: config.credentials, ...(typeof config.name === 'string' ? { name: config.name } : {}) };
}
