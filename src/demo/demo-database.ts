import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CredentialsOf } from '../adapters/credentials.js';
import type { DuckDbDriver } from '../adapters/duckdb/connection.js';
import { loadDriver } from '../core/load-driver.js';

type DuckDbModule = typeof import('@duckdb/node-api');

/** Where the demo warehouse's SQL ships: examples/demo-warehouse.sql at the package root. */
export function demoSqlPath(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  // From src/demo (tsx) or dist (built bin), walk up to the package root.
  for (let dir = here; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'examples', 'demo-warehouse.sql');
    if (existsSync(candidate)) return candidate;
  }
  throw new Error('examples/demo-warehouse.sql not found beside the datatasks package');
}

export interface DemoDatabaseOptions {
  /** DuckDB file to create on first use. @default .datatasks/demo.duckdb under the current directory */
  file?: string;
  /** Rebuild even if the file exists. @default false */
  rebuild?: boolean;
  /** The `@duckdb/node-api` module, injected instead of imported. */
  driver?: DuckDbDriver;
}

/**
 * Loads the demo online shop into an embedded DuckDB file on first use and returns read-only credentials for it.
 * Built into a temporary file and renamed, so an interrupted load never leaves a half-built demo behind.
 */
export async function ensureDemoDatabase(options: DemoDatabaseOptions = {}): Promise<CredentialsOf<'duckdb'>> {
  const file = path.resolve(options.file ?? path.join('.datatasks', 'demo.duckdb'));
  if (options.rebuild || !existsSync(file)) {
    await mkdir(path.dirname(file), { recursive: true });
    const partial = `${file}.${process.pid}.loading`;
    await rm(partial, { force: true });
    const duckdb = await loadDriver<DuckDbModule>('@duckdb/node-api', options.driver as DuckDbModule | undefined);
    const instance = await duckdb.DuckDBInstance.create(partial);
    const connection = await instance.connect();
    try {
      await connection.run(await readFile(demoSqlPath(), 'utf8'));
      await connection.run('CHECKPOINT');
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
    await rename(partial, file);
    await rm(`${partial}.wal`, { force: true });
  }
  return { type: 'duckdb', path: file, readOnly: true };
}
