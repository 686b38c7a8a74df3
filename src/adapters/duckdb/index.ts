export { createDuckDbAdapter, type DuckDbCredentials, duckDbCapabilities } from './adapter.js';
export { duckDbErrorCode } from './errors.js';
export type { DuckDbDriver } from './run-query.js';
