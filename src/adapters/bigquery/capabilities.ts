import type { AdapterCapabilities } from '../adapter.js';

export const bigQueryCapabilities: AdapterCapabilities = Object.freeze({
  // One project per adapter: the project is the catalog's database.
  multipleDatabases: false,
  schemas: true,
  materializedViews: true,
  foreignKeys: true,
  enforcedConstraints: false,
  indexes: false,
  partitions: true,
  comments: true,
  readOnlyTransactions: false,
  serverSideTimeout: true,
  cancelQuery: true,
  columnStatistics: false,
  // jobs.insert with dryRun: validated, bytes estimated, nothing run.
  dryRun: 'estimate',
  sandboxRole: false,
  parameterStyle: 'both',
  sqlDialect: 'bigquery',
});
