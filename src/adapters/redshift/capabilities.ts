import type { AdapterCapabilities } from '../adapter.js';

export const redshiftCapabilities: AdapterCapabilities = Object.freeze({
  multipleDatabases: false,
  schemas: true,
  materializedViews: true,
  foreignKeys: true,
  // Redshift keeps primary, unique and foreign keys as planner hints only.
  enforcedConstraints: false,
  indexes: false,
  partitions: false,
  comments: true,
  readOnlyTransactions: true,
  serverSideTimeout: true,
  cancelQuery: true,
  columnStatistics: true,
  dryRun: 'plan',
  sandboxRole: true,
  parameterStyle: 'positional',
  sqlDialect: 'redshift',
});
