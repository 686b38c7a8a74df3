export { createMysqlAdapter } from './adapter.js';
export { mysqlCapabilities } from './capabilities.js';
export type { MysqlCredentials } from './connection-options.js';
export type { MysqlDriver } from './driver-module.js';
export { mysqlErrorCode } from './errors.js';
