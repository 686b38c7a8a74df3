import type { QueryColumn } from '../adapter.js';

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

function decodeScalar(field: SchemaField, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  const text = String(value);
  switch (field.type.toUpperCase()) {
    case 'INTEGER':
    case 'INT64':
      return toInteger(text);
    case 'FLOAT':
    case 'FLOAT64':
      return Number(text);
    case 'BOOLEAN':
    case 'BOOL':
      return text === 'true';
    case 'TIMESTAMP':
      return toTimestamp(text);
    case 'BYTES':
      return Buffer.from(text, 'base64');
    case 'JSON':
      try {
        return JSON.parse(text) as unknown;
      } catch {
        return text;
      }
    case 'RECORD':
    case 'STRUCT':
      return decodeRecord(field.fields ?? [], value as RestRow);
    default:
      // NUMERIC and BIGNUMERIC stay strings (exact), as do DATE, TIME, DATETIME, GEOGRAPHY and INTERVAL.
      return text;
  }
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
export function fieldTypeName(field: SchemaField): string {
  const base = field.type.toUpperCase();
  const named =
    base === 'INTEGER'
      ? 'INT64'
      : base === 'FLOAT'
        ? 'FLOAT64'
        : base === 'BOOLEAN'
          ? 'BOOL'
          : base === 'RECORD'
            ? 'STRUCT'
            : base;
  return field.mode === 'REPEATED' ? `ARRAY<${named}>` : named;
}

export function columnsOf(fields: SchemaField[] | undefined): QueryColumn[] {
  return (fields ?? []).map((field) => ({ name: field.name, type: fieldTypeName(field) }));
}
