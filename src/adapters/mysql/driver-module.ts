/**
 * What an injected `driver` must provide: the `mysql2` module fits. Declared here rather than imported so the
 * published types compile for users who have not installed mysql2 (`skipLibCheck: false`).
 */
export interface MysqlDriver {
  createPool(options: object): unknown;
  createConnection(options: object): unknown;
}
