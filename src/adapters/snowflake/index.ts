export { createSnowflakeAdapter } from './adapter.js';
export { snowflakeCapabilities } from './capabilities.js';
export type { SnowflakeCredentials } from './connect.js';
export type { SnowflakeDriver } from './driver-types.js';
