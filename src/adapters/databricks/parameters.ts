import type { QueryParams } from '../adapter.js';
import type { DatabricksExecuteOptions, DatabricksParameterValue } from './driver-types.js';

function toParameterValue(value: unknown): DatabricksParameterValue {
  if (value === null || value === undefined) return null;
  if (
    typeof value === 'boolean' ||
    typeof value === 'number' ||
    typeof value === 'bigint' ||
    typeof value === 'string' ||
    value instanceof Date
  ) {
    return value;
  }
  if (Buffer.isBuffer(value)) return value.toString('base64');
  // Arrays and objects travel as JSON text (Databricks parameters are scalars).
  return JSON.stringify(value);
}

/**
 * Binds with the driver's own parameter support: an array as ordinal parameters (`?` markers), an object as named
 * parameters (`:name` markers). The server binds them, values never enter the SQL text.
 */
export function bindParameters(
  params: QueryParams | undefined,
): Pick<DatabricksExecuteOptions, 'namedParameters' | 'ordinalParameters'> {
  if (params === undefined) return {};
  if (Array.isArray(params)) {
    return params.length > 0 ? { ordinalParameters: params.map(toParameterValue) } : {};
  }
  const entries = Object.entries(params as Record<string, unknown>);
  if (entries.length === 0) return {};
  return { namedParameters: Object.fromEntries(entries.map(([name, value]) => [name, toParameterValue(value)])) };
}
