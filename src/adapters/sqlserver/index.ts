export { createSqlServerAdapter } from './adapter.js';
export { sqlServerCapabilities } from './capabilities.js';
export type { SqlServerCredentials } from './config.js';
export type { MssqlDriver } from './driver.js';
export { sqlServerErrorCode } from './errors.js';
