export { createSnowflakeAdapter } from './adapter.js';
export { snowflakeCapabilities } from './capabilities.js';
export type { SnowflakeCredentials, SnowflakeDriver } from './connection.js';
