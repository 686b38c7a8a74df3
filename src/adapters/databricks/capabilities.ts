import type { AdapterCapabilities } from '../adapter.js';

export const databricksCapabilities: AdapterCapabilities = Object.freeze({
  multipleDatabases: true,
  schemas: true,
  materializedViews: true,
  foreignKeys: true,
  enforcedConstraints: false,
  indexes: false,
  // Delta partitions are per value of the partition columns (reported in `partitioning`, strategy 'identity'),
  // not declared range/list partitions with named children.
  partitions: false,
  comments: true,
  readOnlyTransactions: false,
  // Thrift queryTimeout is honoured by clusters only, not by SQL warehouses: the client cancels instead.
  serverSideTimeout: false,
  cancelQuery: true,
  columnStatistics: false,
  // EXPLAIN would plan without running; until it is wired and tested, a dry run is refused rather than run.
  dryRun: false,
  sandboxRole: false,
  parameterStyle: 'both',
  sqlDialect: 'databricks',
});
