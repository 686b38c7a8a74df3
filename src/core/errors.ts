/** Stable error codes. Every error datatasks throws carries one of these. */
export const ErrorCode = {
  INVALID_INPUT: 'INVALID_INPUT',
  INVALID_OUTPUT: 'INVALID_OUTPUT',
  CONNECTION_FAILED: 'CONNECTION_FAILED',
  HOST_UNREACHABLE: 'HOST_UNREACHABLE',
  AUTH_FAILED: 'AUTH_FAILED',
  TLS_FAILED: 'TLS_FAILED',
  DATABASE_NOT_FOUND: 'DATABASE_NOT_FOUND',
  PERMISSION_DENIED: 'PERMISSION_DENIED',
  TIMEOUT: 'TIMEOUT',
  ABORTED: 'ABORTED',
  QUERY_FAILED: 'QUERY_FAILED',
  READ_ONLY_VIOLATION: 'READ_ONLY_VIOLATION',
  DRIVER_NOT_INSTALLED: 'DRIVER_NOT_INSTALLED',
  NOT_SUPPORTED: 'NOT_SUPPORTED',
  TASK_NOT_FOUND: 'TASK_NOT_FOUND',
  DUPLICATE_TASK: 'DUPLICATE_TASK',
  RUNNER_CLOSED: 'RUNNER_CLOSED',
  MODEL_ERROR: 'MODEL_ERROR',
  MODEL_AUTH_FAILED: 'MODEL_AUTH_FAILED',
  MODEL_OVERLOADED: 'MODEL_OVERLOADED',
  MAX_STEPS_EXCEEDED: 'MAX_STEPS_EXCEEDED',
  NON_RETRIABLE: 'NON_RETRIABLE',
  /** A credentials reference (`{ ref: 'env:PG_URL' }`) could not be resolved to valid credentials. */
  CREDENTIALS_UNRESOLVED: 'CREDENTIALS_UNRESOLVED',
  /** A payload carries inline secrets where the runner was told to refuse them. */
  INLINE_SECRETS: 'INLINE_SECRETS',
  INTERNAL: 'INTERNAL',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Codes that retrying cannot fix: a run failing with one of these ends at once. */
const nonRetriableCodes: ReadonlySet<string> = new Set<ErrorCode>([
  ErrorCode.INVALID_INPUT,
  ErrorCode.INVALID_OUTPUT,
  ErrorCode.AUTH_FAILED,
  ErrorCode.DATABASE_NOT_FOUND,
  ErrorCode.PERMISSION_DENIED,
  ErrorCode.READ_ONLY_VIOLATION,
  ErrorCode.DRIVER_NOT_INSTALLED,
  ErrorCode.NOT_SUPPORTED,
  ErrorCode.TASK_NOT_FOUND,
  ErrorCode.DUPLICATE_TASK,
  ErrorCode.RUNNER_CLOSED,
  ErrorCode.MODEL_AUTH_FAILED,
  ErrorCode.MAX_STEPS_EXCEEDED,
  ErrorCode.NON_RETRIABLE,
  ErrorCode.ABORTED,
  ErrorCode.TLS_FAILED,
  ErrorCode.CREDENTIALS_UNRESOLVED,
  ErrorCode.INLINE_SECRETS,
]);

export interface DatataskErrorOptions {
  cause?: unknown;
  details?: Record<string, unknown>;
  /** Overrides the default retriability of the code. */
  retriable?: boolean;
}

/** Base class of every error datatasks throws: a stable `code`, optional `details`, the driver error as `cause`. */
export class DatataskError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;
  readonly retriable: boolean;

  constructor(code: ErrorCode, message: string, options: DatataskErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DatataskError';
    this.code = code;
    this.details = options.details;
    this.retriable = options.retriable ?? !nonRetriableCodes.has(code);
  }

  toJSON(): { name: string; code: ErrorCode; message: string; details?: Record<string, unknown> } {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      ...(this.details ? { details: this.details } : {}),
    };
  }
}

/** Thrown by a task to stop retrying at once (mapped to Trigger.dev's AbortTaskRunError). */
export class NonRetriableError extends DatataskError {
  constructor(message: string, options: Omit<DatataskErrorOptions, 'retriable'> & { code?: ErrorCode } = {}) {
    super(options.code ?? ErrorCode.NON_RETRIABLE, message, { ...options, retriable: false });
    this.name = 'NonRetriableError';
  }
}

export interface ValidationIssue {
  path: string;
  message: string;
  code: string;
}

/** Invalid task payload, credentials or tool input: lists every zod issue with its path. Never retried. */
export class ValidationError extends DatataskError {
  readonly issues: ValidationIssue[];

  constructor(what: string, issues: ValidationIssue[], options: { cause?: unknown; code?: ErrorCode } = {}) {
    const list = issues.map((issue) => `${issue.path || '(root)'}: ${issue.message}`).join('; ');
    super(options.code ?? ErrorCode.INVALID_INPUT, `Invalid ${what}: ${list}`, {
      cause: options.cause,
      details: { issues },
      retriable: false,
    });
    this.name = 'ValidationError';
    this.issues = issues;
  }
}

export class TimeoutError extends DatataskError {
  constructor(message: string, options: DatataskErrorOptions = {}) {
    super(ErrorCode.TIMEOUT, message, options);
    this.name = 'TimeoutError';
  }
}

export class AbortError extends DatataskError {
  constructor(message = 'The operation was aborted', options: DatataskErrorOptions = {}) {
    super(ErrorCode.ABORTED, message, { ...options, retriable: false });
    this.name = 'AbortError';
  }
}

export function isDatataskError(error: unknown): error is DatataskError {
  return error instanceof DatataskError;
}

/** Whether a retry could help: unknown errors are retried, typed ones follow their code. */
export function isRetriable(error: unknown): boolean {
  if (error instanceof DatataskError) return error.retriable;
  return true;
}

/** Wraps anything thrown into a DatataskError, keeping typed ones as they are. */
export function toDatataskError(error: unknown, fallback: ErrorCode = ErrorCode.INTERNAL): DatataskError {
  if (error instanceof DatataskError) return error;
  if (error instanceof Error) return new DatataskError(fallback, error.message, { cause: error });
  return new DatataskError(fallback, String(error), { cause: error });
}

/** Throws the signal's reason as a typed error if it is already aborted. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (!signal?.aborted) return;
  const reason: unknown = signal.reason;
  if (reason instanceof DatataskError) throw reason;
  throw new AbortError(reason instanceof Error ? reason.message : undefined, { cause: reason });
}
