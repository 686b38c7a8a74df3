export { createMysqlAdapter, mysqlCapabilities } from './adapter.js';
export type { MysqlCredentials } from './connection-options.js';
export type { MysqlDriver } from './connections.js';
export { mysqlErrorCode } from './errors.js';
