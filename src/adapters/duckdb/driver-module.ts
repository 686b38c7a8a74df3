/**
 * What an injected `driver` must provide: the `@duckdb/node-api` module fits. Declared here rather than imported so
 * the published types compile for users who have not installed DuckDB (`skipLibCheck: false`).
 */
export interface DuckDbDriver {
  DuckDBInstance: { create(path?: string, options?: Record<string, string>): Promise<unknown> };
}
