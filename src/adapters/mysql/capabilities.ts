import type { AdapterCapabilities } from '../adapter.js';

/** MySQL and MariaDB. MariaDB has no materialized views; MySQL "databases" are catalog schemas. */
export const mysqlCapabilities: AdapterCapabilities = Object.freeze({
  multipleDatabases: false,
  schemas: true,
  materializedViews: false,
  foreignKeys: true,
  enforcedConstraints: true,
  indexes: true,
  partitions: true,
  comments: true,
  readOnlyTransactions: true,
  serverSideTimeout: true,
  cancelQuery: true,
  columnStatistics: true,
  dryRun: 'plan',
  sandboxRole: false,
  parameterStyle: 'both',
  sqlDialect: 'mysql',
});
