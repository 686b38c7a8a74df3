import { DatataskError, ErrorCode } from '../../core/errors.js';
import type { QueryParams } from '../adapter.js';

/** REST shape of a query parameter type and value (jobs.query `queryParameters`). */
export interface ParameterType {
  type: string;
  arrayType?: ParameterType;
  structTypes?: Array<{ name: string; type: ParameterType }>;
}
export interface ParameterValue {
  value?: string | null;
  arrayValues?: ParameterValue[];
  structValues?: Record<string, ParameterValue>;
}
export interface QueryParameter {
  name?: string;
  parameterType: ParameterType;
  parameterValue: ParameterValue;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype;

function parameterType(value: unknown): ParameterType {
  if (value === null || value === undefined) return { type: 'STRING' };
  if (typeof value === 'boolean') return { type: 'BOOL' };
  if (typeof value === 'bigint') return { type: 'INT64' };
  if (typeof value === 'number') return { type: Number.isInteger(value) ? 'INT64' : 'FLOAT64' };
  if (typeof value === 'string') return { type: 'STRING' };
  if (value instanceof Date) return { type: 'TIMESTAMP' };
  if (value instanceof Uint8Array) return { type: 'BYTES' };
  if (Array.isArray(value)) {
    const first = value.find((item) => item !== null && item !== undefined);
    return { type: 'ARRAY', arrayType: parameterType(first ?? '') };
  }
  if (isPlainObject(value)) {
    return {
      type: 'STRUCT',
      structTypes: Object.entries(value).map(([name, inner]) => ({ name, type: parameterType(inner) })),
    };
  }
  throw new DatataskError(ErrorCode.INVALID_INPUT, `Unsupported BigQuery parameter value of type ${typeof value}`);
}

function parameterValue(value: unknown): ParameterValue {
  if (value === null || value === undefined) return { value: null };
  if (value instanceof Date) return { value: value.toISOString() };
  if (value instanceof Uint8Array) return { value: Buffer.from(value).toString('base64') };
  if (Array.isArray(value)) return { arrayValues: value.map(parameterValue) };
  if (isPlainObject(value)) {
    return {
      structValues: Object.fromEntries(Object.entries(value).map(([name, inner]) => [name, parameterValue(inner)])),
    };
  }
  return { value: String(value) };
}

/**
 * Encodes parameters for jobs.query: a record binds `@name` (NAMED), an array binds `?` (POSITIONAL). A null is
 * sent as a STRING null, which BigQuery coerces where the column type differs.
 */
export function encodeParams(params: QueryParams | undefined): {
  parameterMode?: 'NAMED' | 'POSITIONAL';
  queryParameters?: QueryParameter[];
} {
  if (params === undefined) return {};
  if (Array.isArray(params)) {
    if (params.length === 0) return {};
    return {
      parameterMode: 'POSITIONAL',
      queryParameters: params.map((value) => ({
        parameterType: parameterType(value),
        parameterValue: parameterValue(value),
      })),
    };
  }
  const entries = Object.entries(params as Record<string, unknown>);
  if (entries.length === 0) return {};
  return {
    parameterMode: 'NAMED',
    queryParameters: entries.map(([name, value]) => ({
      name,
      parameterType: parameterType(value),
      parameterValue: parameterValue(value),
    })),
  };
}
