/** JSON shapes of Snowflake's REST protocol as snowflake-sdk reads them (test code: the fake server's encoder). */

/** Lower-case rowtype type names the driver understands. */
export type SnowflakeWireType =
  | 'fixed'
  | 'real'
  | 'text'
  | 'boolean'
  | 'date'
  | 'time'
  | 'timestamp_ntz'
  | 'timestamp_ltz'
  | 'variant'
  | 'binary';

export interface ResultColumn {
  name: string;
  type: SnowflakeWireType;
  precision?: number;
  scale?: number;
  nullable?: boolean;
}

/** A statement's answer before encoding: values are JS values, encoded to strings on the wire. */
export interface ResultSet {
  columns: ResultColumn[];
  rows: unknown[][];
}

export const text = (name: string): ResultColumn => ({ name, type: 'text', nullable: true });
export const fixed = (name: string, scale = 0): ResultColumn => ({
  name,
  type: 'fixed',
  precision: 38,
  scale,
  nullable: true,
});

export function rowtype(columns: ResultColumn[]): Record<string, unknown>[] {
  return columns.map((column) => ({
    name: column.name,
    database: '',
    schema: '',
    table: '',
    type: column.type,
    nullable: column.nullable ?? true,
    precision: column.precision ?? null,
    scale: column.scale ?? null,
    length: column.type === 'text' ? 16_777_216 : null,
    byteLength: column.type === 'text' ? 16_777_216 : null,
    collation: null,
  }));
}

/** Every value travels as a string (or null): booleans as "1"/"0", dates as days since the epoch. */
export function encodeValue(value: unknown, type: SnowflakeWireType): string | null {
  if (value === null || value === undefined) return null;
  if (type === 'boolean') return value === true || value === '1' || value === 'true' ? '1' : '0';
  if (type === 'date' && value instanceof Date) return String(Math.floor(value.getTime() / 86_400_000));
  if ((type === 'timestamp_ntz' || type === 'timestamp_ltz') && value instanceof Date) {
    return (value.getTime() / 1000).toFixed(9);
  }
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

export function encodeRows(result: ResultSet): Array<Array<string | null>> {
  return result.rows.map((row) => row.map((value, index) => encodeValue(value, result.columns[index]!.type)));
}

export function successBody(data: Record<string, unknown>): Record<string, unknown> {
  return { success: true, code: null, message: null, data };
}

/** A failed call: Snowflake answers HTTP 200 with success false, a 6-digit code and an SQL state. */
export function errorBody(code: string, message: string, data: Record<string, unknown> = {}): Record<string, unknown> {
  return { success: false, code, message, headers: null, data: { errorCode: code, internalError: false, ...data } };
}

/** Errors the fake raises, with Snowflake's real codes and SQL states. */
export const sqlErrors = {
  syntax: (near: string) => ({
    code: '001003',
    sqlState: '42000',
    message: `SQL compilation error:\nsyntax error line 1 at position 0 unexpected '${near}'.`,
  }),
  missingObject: (name: string) => ({
    code: '002003',
    sqlState: '42S02',
    message: `SQL compilation error:\nObject '${name}' does not exist or not authorized.`,
  }),
  insufficientPrivileges: (name: string) => ({
    code: '003001',
    sqlState: '42501',
    message: `SQL access control error:\nInsufficient privileges to operate on schema '${name}'`,
  }),
  invalidIdentifier: (name: string) => ({
    code: '000904',
    sqlState: '42000',
    message: `SQL compilation error: error line 1 at position 7\ninvalid identifier '${name}'`,
  }),
  unknownFunction: (name: string) => ({
    code: '002140',
    sqlState: '42601',
    message: `SQL compilation error:\nUnknown function ${name}`,
  }),
  showRowLimit: () => ({
    code: '090153',
    sqlState: '22000',
    message:
      'The result set size exceeded the max number of rows(10000) supported for SHOW statements. Use LIMIT option to limit result set to a smaller number.',
  }),
  cancelled: () => ({ code: '000604', sqlState: '57014', message: 'SQL execution canceled' }),
  statementTimeout: (seconds: number) => ({
    code: '000630',
    sqlState: '57014',
    message: `Statement reached its statement or warehouse timeout of ${seconds} second(s) and was canceled.`,
  }),
};
export type SqlError = ReturnType<(typeof sqlErrors)[keyof typeof sqlErrors]>;
