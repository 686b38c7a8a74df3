import type { AdapterCapabilities } from '../adapter.js';

/**
 * Embedded DuckDB. No read-only transactions: read-only credentials open the file with access_mode READ_ONLY, and a
 * `readOnly` query only runs SELECT / EXPLAIN statements. Timeouts interrupt the statement in the engine.
 */
export const duckDbCapabilities: AdapterCapabilities = Object.freeze({
  multipleDatabases: true,
  schemas: true,
  materializedViews: false,
  foreignKeys: true,
  enforcedConstraints: true,
  indexes: true,
  partitions: false,
  comments: true,
  readOnlyTransactions: false,
  serverSideTimeout: false,
  cancelQuery: true,
  columnStatistics: true,
  dryRun: 'plan',
  sandboxRole: false,
  parameterStyle: 'both',
  sqlDialect: 'duckdb',
});
