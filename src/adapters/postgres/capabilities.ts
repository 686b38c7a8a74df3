import type { AdapterCapabilities } from '../adapter.js';

export const postgresCapabilities: AdapterCapabilities = Object.freeze({
  multipleDatabases: false,
  schemas: true,
  materializedViews: true,
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
  sandboxRole: true,
  parameterStyle: 'positional',
  sqlDialect: 'postgresql',
});
