import { existsSync } from 'node:fs';
import path from 'node:path';
import { DatataskError, ErrorCode } from '../core/errors.js';

/** The driver packages each engine imports on first use (PostgreSQL and Redshift: pg and its row-cap cursor). */
export const driverPackages = {
  postgres: ['pg', 'pg-cursor'],
  redshift: ['pg', 'pg-cursor'],
  mysql: ['mysql2'],
  duckdb: ['@duckdb/node-api'],
  snowflake: ['snowflake-sdk'],
  bigquery: ['@google-cloud/bigquery'],
  sqlserver: ['mssql'],
  databricks: ['@databricks/sql'],
} as const satisfies Record<string, readonly string[]>;
export type BundledEngine = keyof typeof driverPackages;

/** What the analyst agent imports on first use: the model SDK and the SQL parser (WASM). */
export const agentPackages = ['@anthropic-ai/sdk', '@guanmingchiu/sqlparser-ts'] as const;

/**
 * Every optional package datatasks imports by name at run time. A bundler cannot see these imports (the name is a
 * variable), several carry native bindings or WASM (DuckDB, the SQL parser), so they stay external: the deployed
 * app needs them in its node_modules.
 */
export const externalPackages: readonly string[] = [
  ...new Set<string>([
    ...Object.values(driverPackages).flat(),
    ...agentPackages,
    '@trigger.dev/sdk',
    '@trigger.dev/core',
    'bullmq',
  ]),
];

export interface DeploymentNeeds {
  /** Engines the app connects to. */
  engines: readonly BundledEngine[];
  /** Whether the app runs the analyst agent. @default false */
  agent?: boolean;
}

/** The packages an app with these needs must ship in node_modules beside its bundle. */
export function requiredPackages(needs: DeploymentNeeds): string[] {
  const unknown = needs.engines.filter((engine) => !Object.hasOwn(driverPackages, engine));
  if (unknown.length > 0) {
    throw new DatataskError(ErrorCode.INVALID_INPUT, `Unknown engine(s): ${unknown.join(', ')}`, {
      details: { engines: unknown, known: Object.keys(driverPackages) },
    });
  }
  const packages = needs.engines.flatMap((engine) => driverPackages[engine]);
  return [...new Set<string>([...packages, ...(needs.agent ? agentPackages : [])])];
}

/**
 * Which of `packages` are not installed where an app in `directory` would look for them: `node_modules/<name>` in
 * that directory or any parent, as Node resolves a bare import.
 */
export function missingPackages(packages: readonly string[], directory: string = process.cwd()): string[] {
  const installed = (name: string) => {
    for (let dir = path.resolve(directory); ; dir = path.dirname(dir)) {
      if (existsSync(path.join(dir, 'node_modules', name, 'package.json'))) return true;
      if (dir === path.dirname(dir)) return false;
    }
  };
  return packages.filter((name) => !installed(name));
}

/**
 * Fails at once, naming every missing package, instead of with DRIVER_NOT_INSTALLED on the first connection: call it
 * at the start of a bundled app (a copy deployed without its node_modules) or in a deploy check.
 */
export function assertPackagesInstalled(needs: DeploymentNeeds, directory: string = process.cwd()): void {
  const missing = missingPackages(requiredPackages(needs), directory);
  if (missing.length === 0) return;
  throw new DatataskError(
    ErrorCode.DRIVER_NOT_INSTALLED,
    `Not installed beside the app (${path.resolve(directory)}): ${missing.join(', ')}. ` +
      `They stay outside a bundle; install them with: npm install ${missing.join(' ')}`,
    { details: { packages: missing } },
  );
}
