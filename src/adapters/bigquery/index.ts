import { DatataskError, ErrorCode } from '../../core/errors.js';
import type { Adapter } from '../adapter.js';
import { type CredentialsInput, parseCredentials } from '../credentials.js';
import { createBigQueryClientAdapter } from './adapter.js';
import type { BigQueryAdapterOptions, BigQueryCredentials } from './connection.js';

export { bigQueryCapabilities } from './capabilities.js';
export type {
  BigQueryAdapterOptions,
  BigQueryAuthClient,
  BigQueryCredentials,
  BigQueryModule,
} from './connection.js';

/**
 * BigQuery adapter: `projectId` is the catalog's database, datasets are its schemas. Authenticates with, in order,
 * `options.authClient`, `credentials.accessToken`, `credentials.serviceAccountKey` (object, JSON text or file path),
 * else Application Default Credentials. Nothing is opened until the first call.
 */
export function createBigQueryAdapter(
  credentials: BigQueryCredentials | Extract<CredentialsInput, { type: 'bigquery' }>,
  options: BigQueryAdapterOptions = {},
): Adapter {
  const parsed = parseCredentials(credentials);
  if (parsed.type !== 'bigquery') {
    throw new DatataskError(ErrorCode.INVALID_INPUT, `Expected BigQuery credentials, got type "${parsed.type}"`);
  }
  return createBigQueryClientAdapter(parsed, options);
}
