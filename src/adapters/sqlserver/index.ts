export { createSqlServerAdapter, sqlServerCapabilities } from './adapter.js';
export type { SqlServerCredentials } from './config.js';
export type { MssqlDriver } from './driver.js';
export { sqlServerErrorCode } from './errors.js';
