/** The small part of the `mssql` package (v12, tedious driver) the adapter uses; the package ships no types. */
import type { EventEmitter } from 'node:events';

export interface MssqlColumnMetadata {
  index: number;
  name: string;
  type?: { declaration?: string };
}

export interface MssqlRequest extends EventEmitter {
  stream: boolean | null;
  input(name: string, value: unknown): MssqlRequest;
  query(sql: string): Promise<unknown>;
  cancel(): boolean;
  pause(): boolean;
}

export interface MssqlPool extends EventEmitter {
  connect(): Promise<MssqlPool>;
  close(): Promise<void>;
}

/** Tedious connection, as given to the `beforeConnect` hook. */
export interface TediousConnection extends EventEmitter {}

export interface MssqlDriver {
  ConnectionPool: new (config: Record<string, unknown>) => MssqlPool;
  Request: new (pool: MssqlPool, overrides?: { requestTimeout?: number }) => MssqlRequest;
}
