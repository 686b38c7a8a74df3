/** Session and operation state of the fake, and the Thrift structs that describe it. */
import { randomBytes, randomUUID } from 'node:crypto';
import type { FakeResult } from './rowset.js';
import { types } from './thrift-runtime.js';

export interface FakeSession {
  key: string;
  handle: unknown;
  catalog: string;
  restricted: boolean;
  closed: boolean;
}

export interface FakeOperation {
  key: string;
  sessionKey: string;
  handle: unknown;
  statement?: string;
  result?: FakeResult;
  error?: { message: string; sqlState: string };
  /** Stays RUNNING until cancelled. */
  slow: boolean;
  cursor: number;
  cancelled: boolean;
  closed: boolean;
}

interface HandleIdentifier {
  guid: Buffer;
}

/** A fresh identifier: the GUID must be real UUID bytes (the driver stringifies it with `uuid`). */
export function newIdentifier(): { guid: Buffer; secret: Buffer } {
  return { guid: Buffer.from(randomUUID().replace(/-/g, ''), 'hex'), secret: randomBytes(16) };
}

export const keyOf = (id: HandleIdentifier | null | undefined): string => id?.guid?.toString('hex') ?? '';

export const ok = () => new types.TStatus({ statusCode: types.TStatusCode.SUCCESS_STATUS });

export const failed = (message: string, sqlState?: string) =>
  new types.TStatus({
    statusCode: types.TStatusCode.ERROR_STATUS,
    errorMessage: message,
    displayMessage: message,
    ...(sqlState ? { sqlState } : {}),
  });

export function operationState(op: FakeOperation): number {
  const s = types.TOperationState;
  if (op.closed) return s.CLOSED_STATE as number;
  if (op.cancelled) return s.CANCELED_STATE as number;
  if (op.error) return s.ERROR_STATE as number;
  if (op.slow) return s.RUNNING_STATE as number;
  return s.FINISHED_STATE as number;
}

export function operationStatusResponse(op: FakeOperation): unknown {
  const state = operationState(op);
  return new types.TGetOperationStatusResp({
    status: ok(),
    operationState: state,
    hasResultSet: Boolean(op.result),
    ...(op.error && !op.cancelled
      ? { errorMessage: op.error.message, displayMessage: op.error.message, sqlState: op.error.sqlState }
      : {}),
  });
}
