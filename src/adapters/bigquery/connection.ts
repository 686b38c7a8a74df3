import { DatataskError, ErrorCode, ValidationError } from '../../core/errors.js';
import { loadDriver } from '../../core/load-driver.js';
import type { Redactor } from '../../core/redact.js';
import type { AdapterFactoryOptions, QueryColumn, QueryParams } from '../adapter.js';
import type { CredentialsOf } from '../credentials.js';
import { toBigQueryError } from './errors.js';

export type BigQueryCredentials = CredentialsOf<'bigquery'>;

export interface BigQueryRequest {
  method?: 'GET' | 'POST';
  /** Path below /projects/{projectId}, e.g. /queries. */
  uri: string;
  json?: unknown;
  qs?: Record<string, string | number | boolean | undefined>;
}

/** The part of `@google-cloud/bigquery`'s client the adapter uses: its authenticated, project-scoped request. */
export interface BigQueryClientLike {
  request(request: BigQueryRequest, callback: (error: Error | null, body?: unknown) => void): void;
}

export interface BigQueryModule {
  BigQuery: new (options: Record<string, unknown>) => BigQueryClientLike;
}

/** Anything google-auth-library accepts as an auth client: OAuth2Client, ExternalAccountClient, Impersonated ... */
export interface BigQueryAuthClient {
  getRequestHeaders(url?: string): Promise<unknown>;
}

/**
 * Factory options of the BigQuery adapter (`driver` is the `@google-cloud/bigquery` module). Beyond the shared ones: an auth client (workload identity, a user's
 * OAuth2Client) used instead of the credentials' key or token, and driver-level retries.
 */
export interface BigQueryAdapterOptions extends AdapterFactoryOptions {
  authClient?: BigQueryAuthClient;
  /** Retries of rate-limit and 5xx replies inside the driver. @default 0 (the task runner retries whole tasks) */
  maxRetries?: number;
}

/** Sends a fixed OAuth access token; refreshing it is the caller's business. */
function staticTokenClient(accessToken: string): BigQueryAuthClient {
  return { getRequestHeaders: async () => new Headers({ authorization: `Bearer ${accessToken}` }) };
}

/** How the service-account key reaches the driver: parsed JSON as `credentials`, anything else as a key file path. */
function keyOptions(key: BigQueryCredentials['serviceAccountKey']): Record<string, unknown> {
  if (key === undefined) return {};
  if (typeof key === 'object') return { credentials: key };
  const text = key.trim();
  if (!text.startsWith('{')) return { keyFilename: text };
  try {
    return { credentials: JSON.parse(text) as unknown };
  } catch {
    // JSON.parse quotes the text it failed on, and the text is a private key: no cause, no excerpt.
    throw new ValidationError('credentials', [
      { path: 'serviceAccountKey', message: 'serviceAccountKey is neither valid JSON nor a file path', code: 'custom' },
    ]);
  }
}

/** Options for `new BigQuery(...)`; validated credentials in, nothing opened. */
export function bigQueryClientOptions(
  credentials: BigQueryCredentials,
  options: BigQueryAdapterOptions,
): Record<string, unknown> {
  const maxRetries = Math.max(0, options.maxRetries ?? 0);
  const auth = options.authClient
    ? { authClient: options.authClient }
    : credentials.accessToken
      ? { authClient: staticTokenClient(credentials.accessToken) }
      : keyOptions(credentials.serviceAccountKey);
  return {
    projectId: credentials.projectId,
    location: credentials.location,
    ...(credentials.apiEndpoint ? { apiEndpoint: credentials.apiEndpoint.replace(/\/+$/, '') } : {}),
    retryOptions: { autoRetry: maxRetries > 0, maxRetries },
    userAgent: 'datatasks',
    ...auth,
  };
}

/** The driver's callback request as a promise. */
export function sendRequest<T>(client: BigQueryClientLike, request: BigQueryRequest): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    try {
      client.request(request, (error, body) => (error ? reject(error) : resolve(body as T)));
    } catch (error) {
      reject(error);
    }
  });
}

/** A client for the credentials (the driver loaded on first use); nothing is sent until the first request. */
export async function openClient(
  credentials: BigQueryCredentials,
  options: BigQueryAdapterOptions,
  redactor: Redactor,
): Promise<BigQueryClientLike> {
  try {
    const driver = await loadDriver<BigQueryModule>(
      '@google-cloud/bigquery',
      options.driver as BigQueryModule | undefined,
    );
    return new driver.BigQuery(bigQueryClientOptions(credentials, options));
  } catch (error) {
    throw toBigQueryError(error, 'connect', redactor);
  }
}

// The REST encoding of values: query parameters out, result rows in.

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
  const positional = Array.isArray(params);
  const entries: Array<[string | undefined, unknown]> = positional
    ? params.map((value) => [undefined, value])
    : Object.entries(params as Record<string, unknown>);
  if (entries.length === 0) return {};
  return {
    parameterMode: positional ? 'POSITIONAL' : 'NAMED',
    queryParameters: entries.map(([name, value]) => ({
      ...(name === undefined ? {} : { name }),
      parameterType: parameterType(value),
      parameterValue: parameterValue(value),
    })),
  };
}

/** A field of a REST TableSchema. */
export interface SchemaField {
  name: string;
  type: string;
  mode?: 'NULLABLE' | 'REQUIRED' | 'REPEATED';
  fields?: SchemaField[];
}

/** A REST row: `{ f: [{ v }] }`, nested for RECORD, `v: [{ v }]` for REPEATED. */
export interface RestRow {
  f: Array<{ v: unknown }>;
}

/** Integers beyond 2^53 come back as strings, so that no digit is silently lost. */
function toInteger(text: string): number | string {
  const number = Number(text);
  return Number.isSafeInteger(number) ? number : text;
}

/** TIMESTAMP arrives as int64 microseconds (we ask for useInt64Timestamp) or, from older servers, float seconds. */
function toTimestamp(text: string): Date {
  if (/^-?\d+$/.test(text)) return new Date(Number(BigInt(text) / 1000n));
  return new Date(Number(text) * 1000);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Decoders by REST type name; NUMERIC and BIGNUMERIC stay strings (exact), as do DATE, TIME, GEOGRAPHY ... */
const decoders = new Map<string, (text: string) => unknown>([
  ['INTEGER', toInteger],
  ['INT64', toInteger],
  ['FLOAT', Number],
  ['FLOAT64', Number],
  ['BOOLEAN', (text) => text === 'true'],
  ['BOOL', (text) => text === 'true'],
  ['TIMESTAMP', toTimestamp],
  ['BYTES', (text) => Buffer.from(text, 'base64')],
  ['JSON', parseJson],
]);

function decodeScalar(field: SchemaField, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  const type = field.type.toUpperCase();
  if (type === 'RECORD' || type === 'STRUCT') return decodeRecord(field.fields ?? [], value as RestRow);
  const text = String(value);
  return (decoders.get(type) ?? String)(text);
}

function decodeField(field: SchemaField, value: unknown): unknown {
  if (field.mode === 'REPEATED') {
    if (!Array.isArray(value)) return [];
    return value.map((item) => decodeScalar(field, (item as { v: unknown }).v));
  }
  return decodeScalar(field, value);
}

function decodeRecord(fields: SchemaField[], row: RestRow): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  fields.forEach((field, index) => {
    out[field.name] = decodeField(field, row.f[index]?.v);
  });
  return out;
}

/** Turns REST rows into plain objects with JSON-friendly values. */
export function decodeRows(fields: SchemaField[], rows: RestRow[] | undefined): Record<string, unknown>[] {
  return (rows ?? []).map((row) => decodeRecord(fields, row));
}

/** The type name a column would have in SQL: ARRAY<...> for repeated fields, STRUCT for records. */
/** Legacy REST type names and their standard SQL names. */
const legacyTypeNames: Record<string, string> = {
  INTEGER: 'INT64',
  FLOAT: 'FLOAT64',
  BOOLEAN: 'BOOL',
  RECORD: 'STRUCT',
};

function fieldTypeName(field: SchemaField): string {
  const base = field.type.toUpperCase();
  const named = legacyTypeNames[base] ?? base;
  return field.mode === 'REPEATED' ? `ARRAY<${named}>` : named;
}

export function columnsOf(fields: SchemaField[] | undefined): QueryColumn[] {
  return (fields ?? []).map((field) => ({ name: field.name, type: fieldTypeName(field) }));
}
