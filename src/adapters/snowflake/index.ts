import type { AdapterFactoryOptions } from '../adapter.js';
import { SnowflakeAdapter } from './adapter.js';
import type { SnowflakeCredentials } from './connect.js';
import type { SnowflakeDriver } from './driver-types.js';

export { SnowflakeAdapter, snowflakeCapabilities } from './adapter.js';
export type { SnowflakeCredentials } from './connect.js';
export type { SnowflakeDriver } from './driver-types.js';

/** Creates a Snowflake adapter; snowflake-sdk is imported on first use unless `options.driver` injects it. */
export function createSnowflakeAdapter(
  credentials: SnowflakeCredentials,
  options: AdapterFactoryOptions = {},
): SnowflakeAdapter {
  return new SnowflakeAdapter(credentials, options as AdapterFactoryOptions<SnowflakeDriver>);
}
