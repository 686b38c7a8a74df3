/** Snowflake column types: SHOW COLUMNS' data_type JSON to a native type name and a type family. */
import type { TypeFamily } from '../../catalog/model.js';
import { typeFamily } from '../../catalog/type-family.js';

export interface SnowflakeDataType {
  type: string;
  precision?: number;
  scale?: number;
  length?: number;
  nullable?: boolean;
}

export function parseDataType(text: unknown): SnowflakeDataType {
  if (typeof text !== 'string') return { type: 'UNKNOWN' };
  try {
    const parsed = JSON.parse(text) as SnowflakeDataType;
    return typeof parsed.type === 'string' ? parsed : { type: text };
  } catch {
    return { type: text };
  }
}

/** The name Snowflake shows in DESCRIBE, e.g. NUMBER(10,2), VARCHAR(16777216), TIMESTAMP_NTZ(9). */
export function nativeTypeName(dataType: SnowflakeDataType): string {
  const type = dataType.type.toUpperCase();
  switch (type) {
    case 'FIXED':
      return `NUMBER(${dataType.precision ?? 38},${dataType.scale ?? 0})`;
    case 'REAL':
      return 'FLOAT';
    case 'TEXT':
      return dataType.length ? `VARCHAR(${dataType.length})` : 'VARCHAR';
    case 'BINARY':
      return dataType.length ? `BINARY(${dataType.length})` : 'BINARY';
    case 'TIME':
    case 'TIMESTAMP_NTZ':
    case 'TIMESTAMP_LTZ':
    case 'TIMESTAMP_TZ':
      return dataType.scale !== undefined ? `${type}(${dataType.scale})` : type;
    default:
      return type;
  }
}

/** INTEGER is NUMBER(38,0) in Snowflake: scale decides between integer and decimal. */
export function snowflakeTypeFamily(dataType: SnowflakeDataType): TypeFamily {
  const type = dataType.type.toUpperCase();
  if (type === 'FIXED') return (dataType.scale ?? 0) === 0 ? 'integer' : 'decimal';
  if (type === 'REAL') return 'float';
  if (type === 'TEXT') return 'text';
  if (type === 'VARIANT') return 'json';
  if (type === 'OBJECT' || type === 'MAP') return 'struct';
  if (type === 'ARRAY' || type === 'VECTOR') return 'array';
  return typeFamily(type);
}
