import type { LogRecord, MetadataValue } from '../../core/context.js';
import {
  AbortError,
  DatataskError,
  type ErrorCode,
  NonRetriableError,
  TimeoutError,
  ValidationError,
  type ValidationIssue,
} from '../../core/errors.js';

/** What a job holds in Redis: the raw (validated, secret-free) payload and the run's options. */
export interface JobData {
  /** Format version, so a newer worker can refuse what it cannot read. */
  v: 1;
  payload: unknown;
  maxDuration?: number;
  tags?: string[];
  parentRunId?: string;
}

/** A job's progress: the run's metadata (restored by the next attempt) and, once it failed, its error. */
export interface JobProgressData {
  metadata: Record<string, MetadataValue>;
  failure?: WireError;
}

/** A completed job's return value. */
export interface JobReturnValue {
  output: unknown;
}

/** Run events published on the queue's event stream while the run is in flight. */
export type WireRunEvent =
  | { kind: 'attempt:fail'; runId: string; taskId: string; attempt: number; error: WireError; retryDelayMs?: number }
  | { kind: 'log'; record: LogRecord };

/** The custom event name on a queue's event stream. */
export const runEventName = 'datatasks.run';

/** A typed error as it crosses Redis: already redacted, rebuilt as the same class on the other side. */
export interface WireError {
  name: string;
  code: ErrorCode;
  message: string;
  retriable: boolean;
  details?: Record<string, unknown>;
  stack?: string;
  cause?: { name: string; message: string };
}

/** Serialises an error that was already redacted (see redactError). */
export function toWireError(error: DatataskError): WireError {
  const cause = error.cause instanceof Error ? { name: error.cause.name, message: error.cause.message } : undefined;
  return {
    name: error.name,
    code: error.code,
    message: error.message,
    retriable: error.retriable,
    ...(error.details ? { details: error.details } : {}),
    ...(error.stack ? { stack: error.stack } : {}),
    ...(cause ? { cause } : {}),
  };
}

function rebuild(wire: WireError): DatataskError {
  const cause = wire.cause ? Object.assign(new Error(wire.cause.message), { name: wire.cause.name }) : undefined;
  switch (wire.name) {
    case 'ValidationError': {
      const issues = (wire.details?.issues as ValidationIssue[] | undefined) ?? [];
      const error = new ValidationError('x', issues, { code: wire.code, cause });
      error.message = wire.message;
      return error;
    }
    case 'TimeoutError':
      return new TimeoutError(wire.message, { cause, details: wire.details });
    case 'AbortError':
      return new AbortError(wire.message, { cause, details: wire.details });
    case 'NonRetriableError':
      return new NonRetriableError(wire.message, { cause, details: wire.details, code: wire.code });
    default: {
      const error = new DatataskError(wire.code, wire.message, {
        cause,
        details: wire.details,
        retriable: wire.retriable,
      });
      error.name = wire.name;
      return error;
    }
  }
}

/** The typed error again (same class, code, details); its stack is the worker's. */
export function fromWireError(wire: WireError): DatataskError {
  const error = rebuild(wire);
  if (wire.stack) error.stack = wire.stack;
  return error;
}
