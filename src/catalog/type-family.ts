import type { TypeFamily } from './model.js';

// Ordered: the first matching rule wins, so specific names come before general ones.
const rules: Array<[RegExp, TypeFamily]> = [
  [/(\[\]$|^_|^array\b|^array<)/i, 'array'],
  [/^(struct|record|row|map|object|variant|super)\b/i, 'struct'],
  [/^(json|jsonb)\b/i, 'json'],
  [/^(uuid|uniqueidentifier)\b/i, 'uuid'],
  [/^(bool|boolean|bit)\b/i, 'boolean'],
  [
    /^(tinyint|smallint|mediumint|int|integer|bigint|int2|int4|int8|hugeint|ubigint|uinteger|usmallint|utinyint|uhugeint|int64|serial|bigserial|smallserial|byteint|long|short)\b/i,
    'integer',
  ],
  [/^(decimal|numeric|number|money|smallmoney|bignumeric|bigdecimal|dec)\b/i, 'decimal'],
  [/^(float|float4|float8|float64|real|double|double precision|binary_float|binary_double)\b/i, 'float'],
  [/^(date)$/i, 'date'],
  [
    /^(timestamp|timestamptz|datetime|datetime2|smalldatetime|datetimeoffset|timestamp_ntz|timestamp_ltz|timestamp_tz)\b/i,
    'timestamp',
  ],
  [/^(time|timetz)\b/i, 'time'],
  [/^interval\b/i, 'interval'],
  [/^(bytea|blob|tinyblob|mediumblob|longblob|binary|varbinary|image|bytes|raw)\b/i, 'binary'],
  [/^(geography|geometry|point|polygon|linestring)\b/i, 'geography'],
  [
    /^(char|character|varchar|character varying|text|tinytext|mediumtext|longtext|string|nchar|nvarchar|ntext|name|citext|enum|set|bpchar|clob|xml|sysname)\b/i,
    'text',
  ],
];

// A catalog repeats a few dozen type names across thousands of columns: remember each answer (bounded).
const known = new Map<string, TypeFamily>();
const knownLimit = 10_000;

/** Maps an engine's native type name to its engine-independent family. */
export function typeFamily(nativeType: string): TypeFamily {
  const cached = known.get(nativeType);
  if (cached) return cached;
  const name = nativeType.trim();
  let family: TypeFamily = 'other';
  for (const [pattern, candidate] of rules) {
    if (pattern.test(name)) {
      family = candidate;
      break;
    }
  }
  if (known.size < knownLimit) known.set(nativeType, family);
  return family;
}
