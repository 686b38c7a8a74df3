import { defineConfig } from '@trigger.dev/sdk';

// A Trigger.dev v4 project running datatasks' definitions. Deploy with `npx trigger.dev@latest deploy`.
export default defineConfig({
  project: 'proj_datatasks_example',
  dirs: ['./src/trigger'],
  maxDuration: 1800,
  retries: {
    enabledInDev: true,
    default: { maxAttempts: 3, factor: 2, minTimeoutInMs: 1000, maxTimeoutInMs: 60_000, randomize: true },
  },
  // The database drivers are loaded lazily by datatasks: keep them out of the bundle's tree-shaking.
  build: { external: ['pg', 'mysql2', '@duckdb/node-api', 'snowflake-sdk', 'mssql', '@databricks/sql'] },
});
