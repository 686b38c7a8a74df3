import { defineConfig } from 'tsup';

export const adapterEntries = [
  'postgres',
  'mysql',
  'redshift',
  'duckdb',
  'snowflake',
  'bigquery',
  'sqlserver',
  'databricks',
] as const;

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    'runners/in-process': 'src/runners/in-process/index.ts',
    'runners/trigger-dev': 'src/runners/trigger-dev/index.ts',
    'runners/bullmq': 'src/runners/bullmq/index.ts',
    testing: 'src/runners/testing/index.ts',
    cli: 'src/cli/main.ts',
    bundling: 'src/bundling/index.ts',
    ...Object.fromEntries(adapterEntries.map((name) => [`adapters/${name}`, `src/adapters/${name}/index.ts`])),
  },
  format: ['esm', 'cjs'],
  // @internal members (e.g. the pg pool behind PgWireAdapter) stay out of the d.ts, and with them pg's types.
  dts: { compilerOptions: { stripInternal: true } },
  // No source maps in the package: dist is unminified ES2022 that reads like the source, and maps (with the sources
  // inlined) were 2.2 MB of the 3.5 MB unpacked. Stack traces point at readable dist lines.
  sourcemap: false,
  clean: true,
  target: 'node20',
  splitting: true,
  treeshake: true,
  external: [
    'pg',
    'mysql2',
    '@duckdb/node-api',
    'snowflake-sdk',
    '@google-cloud/bigquery',
    'mssql',
    '@databricks/sql',
    '@anthropic-ai/sdk',
    '@trigger.dev/sdk',
    '@trigger.dev/core',
    'bullmq',
    'ioredis',
  ],
});
