export { createDuckDbAdapter, type DuckDbCredentials, duckDbCapabilities } from './adapter.js';
export type { DuckDbDriver } from './driver-module.js';
export { duckDbErrorCode } from './errors.js';
