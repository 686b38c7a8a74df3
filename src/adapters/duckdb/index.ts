export { createDuckDbAdapter } from './adapter.js';
export { duckDbCapabilities } from './capabilities.js';
export type { DuckDbCredentials, DuckDbDriver } from './connection.js';
export { duckDbErrorCode } from './errors.js';
