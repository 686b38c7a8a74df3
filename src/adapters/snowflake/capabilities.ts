import type { AdapterCapabilities } from '../adapter.js';

export const snowflakeCapabilities: AdapterCapabilities = Object.freeze({
  multipleDatabases: true,
  schemas: true,
  materializedViews: true,
  foreignKeys: true,
  enforcedConstraints: false,
  indexes: false,
  partitions: false,
  comments: true,
  readOnlyTransactions: false,
  serverSideTimeout: true,
  cancelQuery: true,
  columnStatistics: false,
  // describeOnly: compiled, result columns returned, nothing run.
  dryRun: 'describe',
  sandboxRole: false,
  parameterStyle: 'positional',
  sqlDialect: 'snowflake',
});
