export { createMysqlAdapter } from './adapter.js';
export { mysqlCapabilities } from './capabilities.js';
export type { MysqlCredentials, MysqlDriver } from './connection.js';
export { mysqlErrorCode } from './errors.js';
