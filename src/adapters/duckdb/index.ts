export { createDuckDbAdapter, type DuckDbCredentials } from './adapter.js';
export { duckDbCapabilities } from './capabilities.js';
export type { DuckDbDriver } from './driver-module.js';
export { duckDbErrorCode } from './errors.js';
