import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { throwIfAborted } from '../../core/errors.js';
import { loadDriver } from '../../core/load-driver.js';
import type { Redactor } from '../../core/redact.js';
import type { CredentialsOf } from '../credentials.js';
import { toDuckDbError } from './errors.js';

export type DuckDbCredentials = CredentialsOf<'duckdb'>;

/**
 * What an injected `driver` must provide: the `@duckdb/node-api` module fits. Declared here rather than imported so
 * the published types compile for users who have not installed DuckDB (`skipLibCheck: false`).
 */
export interface DuckDbDriver {
  DuckDBInstance: { create(path?: string, options?: Record<string, string>): Promise<unknown> };
}

/** The driver module as the adapter uses it. */
export type DuckDbModule = typeof import('@duckdb/node-api');

export interface DuckDbClient {
  driver: DuckDbModule;
  instance: DuckDBInstance;
}

/** Loads the driver (or takes the injected one) and opens the database file. */
export async function openDuckDb(
  credentials: DuckDbCredentials,
  injected: DuckDbDriver | undefined,
  redactor: Redactor,
): Promise<DuckDbClient> {
  const driver = await loadDriver<DuckDbModule>('@duckdb/node-api', injected as DuckDbModule | undefined);
  try {
    // An in-memory database cannot open read-only; its `readOnly` is enforced per statement instead.
    const inMemory = credentials.path === ':memory:';
    const settings: Record<string, string> = credentials.readOnly && !inMemory ? { access_mode: 'READ_ONLY' } : {};
    return { driver, instance: await driver.DuckDBInstance.create(credentials.path, settings) };
  } catch (error) {
    throw toDuckDbError(error, redactor, 'open');
  }
}

/** Connections of one adapter: each call gets a fresh one, closed afterwards; `interrupt` stops all in use. */
export function duckDbConnections(redactor: Redactor) {
  const active = new Set<DuckDBConnection>();
  return {
    async with<T>(
      { instance }: DuckDbClient,
      signal: AbortSignal,
      use: (connection: DuckDBConnection) => Promise<T>,
    ): Promise<T> {
      throwIfAborted(signal);
      const connection = await instance.connect().catch((error: unknown) => {
        throw toDuckDbError(error, redactor, 'open');
      });
      active.add(connection);
      try {
        return await use(connection);
      } finally {
        active.delete(connection);
        connection.closeSync();
      }
    },
    interrupt(): void {
      for (const connection of active) connection.interrupt();
    },
  };
}
