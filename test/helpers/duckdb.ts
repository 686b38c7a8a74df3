/**
 * DuckDB test environment: the shop fixture in a fresh database file under a temp directory, and the driver wrapped
 * so tests can count instances and connections the adapter leaves open (DuckDB has no server to ask).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as duckdb from '@duckdb/node-api';
import type { DuckDbDriver } from '../../src/adapters/duckdb/index.js';
import { duckDbFixtureStatements } from '../fixtures/ddl/duckdb.js';

export interface TrackedDuckDb {
  driver: DuckDbDriver;
  /** Instances plus connections opened through `driver` and not closed yet. */
  open(): number;
}

/** The real driver, with DuckDBInstance.create and connect/close counted. */
export function trackedDuckDb(): TrackedDuckDb {
  let open = 0;
  const track = <T extends { closeSync(): void }>(handle: T): T => {
    open++;
    const closeSync = handle.closeSync.bind(handle);
    let closed = false;
    handle.closeSync = () => {
      if (!closed) open--;
      closed = true;
      closeSync();
    };
    return handle;
  };
  const create = async (...args: Parameters<typeof duckdb.DuckDBInstance.create>) => {
    const instance = track(await duckdb.DuckDBInstance.create(...args));
    const connect = instance.connect.bind(instance);
    instance.connect = async () => track(await connect());
    return instance;
  };
  const DuckDBInstance = Object.assign(Object.create(duckdb.DuckDBInstance), { create });
  const driver = { ...duckdb, DuckDBInstance } as DuckDbDriver;
  return { driver, open: () => open };
}

export interface DuckDbFixture {
  dir: string;
  /** The database file holding the fixture; its catalog name is "warehouse". */
  file: string;
  remove(): Promise<void>;
}

/** Builds the fixture into `<tmp>/warehouse.duckdb` with a private instance, closed before returning. */
export async function createDuckDbFixture(statements: string[] = duckDbFixtureStatements()): Promise<DuckDbFixture> {
  const dir = await mkdtemp(path.join(tmpdir(), 'dt-h3-duckdb-'));
  const file = path.join(dir, 'warehouse.duckdb');
  const instance = await duckdb.DuckDBInstance.create(file);
  const connection = await instance.connect();
  try {
    for (const statement of statements) await connection.run(statement);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
  return { dir, file, remove: () => rm(dir, { recursive: true, force: true }) };
}
