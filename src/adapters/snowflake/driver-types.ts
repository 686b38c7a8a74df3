/**
 * The part of snowflake-sdk's API the adapter uses, typed structurally so the driver stays an optional peer
 * dependency (imported lazily, or injected).
 */
import type { Readable } from 'node:stream';

export type SnowflakeBind = string | number | boolean | null;

export interface SnowflakeDriverError extends Error {
  code?: string | number;
  sqlState?: string;
  cause?: unknown;
  data?: Record<string, unknown>;
}

export interface SnowflakeColumn {
  getName(): string;
  getType(): string;
  getPrecision(): number;
  getScale(): number;
}

export interface SnowflakeStatement {
  getNumRows(): number;
  getColumns(): SnowflakeColumn[] | undefined;
  getQueryId(): string;
  cancel(callback?: (error: SnowflakeDriverError | undefined) => void): void;
  streamRows(options?: { start?: number; end?: number }): Readable;
}

export interface SnowflakeExecuteOptions {
  sqlText: string;
  binds?: readonly SnowflakeBind[];
  streamResult?: boolean;
  describeOnly?: boolean;
  parameters?: Record<string, unknown>;
  complete?: (error: SnowflakeDriverError | undefined, statement: SnowflakeStatement, rows?: unknown[]) => void;
}

export interface SnowflakeConnection {
  connect(callback: (error: SnowflakeDriverError | undefined, connection: SnowflakeConnection) => void): unknown;
  execute(options: SnowflakeExecuteOptions): SnowflakeStatement;
  destroy(callback: (error: SnowflakeDriverError | undefined, connection: SnowflakeConnection) => void): void;
  isUp(): boolean;
}

export interface SnowflakeDriver {
  createConnection(options: Record<string, unknown>): SnowflakeConnection;
  configure(options: Record<string, unknown>): void;
}
