export { createSqlServerAdapter } from './adapter.js';
export { sqlServerCapabilities } from './capabilities.js';
export type { MssqlDriver, SqlServerCredentials } from './connection.js';
export { sqlServerErrorCode } from './errors.js';
