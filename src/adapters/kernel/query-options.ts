import { DatataskError, ErrorCode, ValidationError, type ValidationIssue } from '../../core/errors.js';
import type { AdapterCapabilities, QueryOptions } from '../adapter.js';
import { defaultMaxRows, defaultTimeoutMs } from '../adapter.js';

/** `QueryOptions` with the defaults applied and the signal that close() also aborts. */
export interface ResolvedQueryOptions extends QueryOptions {
  signal: AbortSignal;
  maxRows: number;
  timeoutMs: number;
}

const isCount = (value: number) => Number.isInteger(value) && value >= 0;
const isDuration = (value: number) => Number.isFinite(value) && value > 0;

function invalidFields(options: QueryOptions): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const check = (path: keyof QueryOptions, valid: (value: number) => boolean, message: string) => {
    const value = options[path];
    if (value !== undefined && (typeof value !== 'number' || !valid(value)))
      issues.push({ path, message, code: 'invalid_value' });
  };
  check('maxRows', (value) => isCount(value) || value === Number.POSITIVE_INFINITY, 'must be an integer >= 0');
  check('timeoutMs', isDuration, 'must be a number of milliseconds > 0');
  check('maxCellBytes', (value) => isCount(value) && value > 0, 'must be an integer > 0');
  check('maxResultBytes', (value) => isCount(value) && value > 0, 'must be an integer > 0');
  return issues;
}

/**
 * Applies the defaults every engine shares and refuses what the engine cannot honour, before anything is sent:
 * a dry run where the engine has none (a statement is never executed in its place), a sandbox role where the engine
 * has no roles to switch to.
 */
export function resolveQueryOptions(
  engine: string,
  capabilities: AdapterCapabilities,
  options: QueryOptions,
  signal: AbortSignal,
): ResolvedQueryOptions {
  const issues = invalidFields(options);
  if (issues.length > 0) throw new ValidationError('query options', issues);
  if (options.dryRun && capabilities.dryRun === false) {
    throw new DatataskError(
      ErrorCode.NOT_SUPPORTED,
      `${engine} has no dry run: the statement was not sent (capabilities.dryRun is false)`,
      { retriable: false },
    );
  }
  if (typeof options.sandbox === 'object' && options.sandbox.role !== undefined && !capabilities.sandboxRole) {
    throw new DatataskError(
      ErrorCode.NOT_SUPPORTED,
      `${engine} cannot switch to a role for sandboxed queries: the statement was not sent`,
      { retriable: false },
    );
  }
  return {
    ...options,
    signal,
    maxRows: options.maxRows ?? defaultMaxRows,
    timeoutMs: options.timeoutMs ?? defaultTimeoutMs,
  };
}
