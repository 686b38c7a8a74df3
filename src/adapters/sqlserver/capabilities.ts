import type { AdapterCapabilities } from '../adapter.js';

/**
 * SQL Server and Azure SQL. One database per connection (the connected one: cross-database sys.* queries do not
 * work on Azure SQL Database). There is no read-only transaction: `readOnly` cannot be enforced by the engine, so
 * callers must rely on parsing and on a login without write permissions. Timeouts and aborts cancel the statement
 * on the server with a TDS attention (the driver's timer and ours), hence no server-side timeout setting.
 */
export const sqlServerCapabilities: AdapterCapabilities = Object.freeze({
  multipleDatabases: false,
  schemas: true,
  materializedViews: true,
  foreignKeys: true,
  enforcedConstraints: true,
  indexes: true,
  partitions: true,
  comments: true,
  readOnlyTransactions: false,
  serverSideTimeout: false,
  cancelQuery: true,
  columnStatistics: false,
  // SHOWPLAN needs a batch of its own and is not modelled yet: a dry run is refused rather than run.
  dryRun: false,
  sandboxRole: false,
  parameterStyle: 'named',
  sqlDialect: 'mssql',
});
