import { DatataskError, ErrorCode } from '../../core/errors.js';
import type { Adapter, AdapterFactoryOptions } from '../adapter.js';
import { type CredentialsOf, parseCredentials } from '../credentials.js';
import { createDatabricksClientAdapter } from './adapter.js';
import type { DatabricksDriver } from './connection.js';

export { databricksCapabilities } from './capabilities.js';
export type { DatabricksDriver } from './connection.js';

/**
 * Databricks SQL adapter (@databricks/sql 2.x, Thrift over HTTPS). Catalogs are databases; the catalog is read
 * from Unity Catalog information_schema, or with the Thrift metadata operations where that is unavailable.
 */
export function createDatabricksAdapter(
  credentials: CredentialsOf<'databricks'>,
  options: AdapterFactoryOptions = {},
): Adapter {
  // Fills defaults (port, connectTimeoutMs) when called directly rather than through createAdapter.
  const parsed = parseCredentials(credentials);
  if (parsed.type !== 'databricks') {
    throw new DatataskError(
      ErrorCode.INVALID_INPUT,
      `createDatabricksAdapter needs databricks credentials, got ${parsed.type}`,
    );
  }
  return createDatabricksClientAdapter(parsed, options as AdapterFactoryOptions<DatabricksDriver>);
}
