/**
 * Encoders for the TDS 7.4 tokens the fake server sends (MS-TDS 2.2.7), checked against tedious's parsers in
 * node_modules/tedious/lib/token/*.js and value-parser.js.
 */

/** SQL_Latin1_General_CP1_CI_AS, as SQL Server sends it. */
export const defaultCollation = Buffer.from([0x09, 0x04, 0xd0, 0x00, 0x34]);

const TOKEN = {
  COLMETADATA: 0x81,
  DONE: 0xfd,
  DONEPROC: 0xfe,
  DONEINPROC: 0xff,
  ENVCHANGE: 0xe3,
  ERROR: 0xaa,
  LOGINACK: 0xad,
  RETURNSTATUS: 0x79,
  ROW: 0xd1,
} as const;

export const DONE_STATUS = { FINAL: 0x00, MORE: 0x01, ERROR: 0x02, COUNT: 0x10, ATTN: 0x20 } as const;

/** Column types the fake can send: enough for the sys.* queries and constant SELECTs. */
export type FakeColumnType = 'int' | 'bigint' | 'bit' | 'float' | 'nvarchar';

export interface FakeColumn {
  name: string;
  type: FakeColumnType;
}

export type FakeValue = string | number | bigint | boolean | null;

const nvarcharMaxChars = 4000;

function bVarChar(text: string): Buffer {
  const body = Buffer.from(text, 'ucs2');
  return Buffer.concat([Buffer.from([text.length]), body]);
}

function usVarChar(text: string): Buffer {
  const head = Buffer.alloc(2);
  head.writeUInt16LE(text.length);
  return Buffer.concat([head, Buffer.from(text, 'ucs2')]);
}

/** A token with a 2-byte length prefix after the token type. */
function lengthPrefixed(type: number, body: Buffer): Buffer {
  const head = Buffer.alloc(3);
  head.writeUInt8(type, 0);
  head.writeUInt16LE(body.length, 1);
  return Buffer.concat([head, body]);
}

export function envChange(kind: 'database' | 'language' | 'packetSize', newValue: string, oldValue = ''): Buffer {
  const code = { database: 1, language: 2, packetSize: 4 }[kind];
  return lengthPrefixed(TOKEN.ENVCHANGE, Buffer.concat([Buffer.from([code]), bVarChar(newValue), bVarChar(oldValue)]));
}

export function collationChange(): Buffer {
  const body = Buffer.concat([Buffer.from([7, defaultCollation.length]), defaultCollation, Buffer.from([0])]);
  return lengthPrefixed(TOKEN.ENVCHANGE, body);
}

export function loginAck(programName: string, version: [number, number, number, number]): Buffer {
  const tds74 = Buffer.alloc(5);
  tds74.writeUInt8(1, 0); // SQL_TSQL interface
  tds74.writeUInt32BE(0x74000004, 1);
  return lengthPrefixed(TOKEN.LOGINACK, Buffer.concat([tds74, bVarChar(programName), Buffer.from(version)]));
}

export interface ServerMessage {
  number: number;
  message: string;
  state?: number;
  severity?: number;
}

export function errorToken({ number, message, state = 1, severity = 16 }: ServerMessage, serverName: string): Buffer {
  const head = Buffer.alloc(6);
  head.writeUInt32LE(number, 0);
  head.writeUInt8(state, 4);
  head.writeUInt8(severity, 5);
  const line = Buffer.alloc(4);
  line.writeUInt32LE(1);
  return lengthPrefixed(
    TOKEN.ERROR,
    Buffer.concat([head, usVarChar(message), bVarChar(serverName), bVarChar(''), line]),
  );
}

function doneLike(type: number, status: number, rowCount = 0, curCmd = 0xc1): Buffer {
  const buffer = Buffer.alloc(13);
  buffer.writeUInt8(type, 0);
  buffer.writeUInt16LE(status, 1);
  buffer.writeUInt16LE(curCmd, 3);
  buffer.writeBigUInt64LE(BigInt(rowCount), 5);
  return buffer;
}

export const done = (status: number, rowCount = 0): Buffer => doneLike(TOKEN.DONE, status, rowCount);
export const doneInProc = (status: number, rowCount = 0): Buffer => doneLike(TOKEN.DONEINPROC, status, rowCount);
export const doneProc = (status: number): Buffer => doneLike(TOKEN.DONEPROC, status, 0, 0xe0);

export function returnStatus(value: number): Buffer {
  const buffer = Buffer.alloc(5);
  buffer.writeUInt8(TOKEN.RETURNSTATUS, 0);
  buffer.writeInt32LE(value, 1);
  return buffer;
}

/** nvarchar columns holding a value longer than 4000 characters go out as nvarchar(max) (PLP chunks). */
export function isMaxColumn(column: FakeColumn, rows: readonly FakeValue[][], index: number): boolean {
  return column.type === 'nvarchar' && rows.some((row) => String(row[index] ?? '').length > nvarcharMaxChars);
}

function typeInfo(column: FakeColumn, max: boolean): Buffer {
  switch (column.type) {
    case 'int':
      return Buffer.from([0x26, 4]);
    case 'bigint':
      return Buffer.from([0x26, 8]);
    case 'bit':
      return Buffer.from([0x68, 1]);
    case 'float':
      return Buffer.from([0x6d, 8]);
    case 'nvarchar': {
      const head = Buffer.from([0xe7, 0, 0]);
      head.writeUInt16LE(max ? 0xffff : nvarcharMaxChars * 2, 1);
      return Buffer.concat([head, defaultCollation]);
    }
  }
}

export function colMetadata(columns: readonly FakeColumn[], maxFlags: readonly boolean[]): Buffer {
  const head = Buffer.alloc(3);
  head.writeUInt8(TOKEN.COLMETADATA, 0);
  head.writeUInt16LE(columns.length, 1);
  const parts: Buffer[] = [head];
  columns.forEach((column, index) => {
    const userTypeAndFlags = Buffer.alloc(6);
    userTypeAndFlags.writeUInt16LE(0x0001, 4); // nullable
    parts.push(userTypeAndFlags, typeInfo(column, maxFlags[index] ?? false), bVarChar(column.name));
  });
  return Buffer.concat(parts);
}

function plpValue(text: string): Buffer {
  const body = Buffer.from(text, 'ucs2');
  const head = Buffer.alloc(12);
  head.writeBigUInt64LE(BigInt(body.length), 0);
  head.writeUInt32LE(body.length, 8);
  return Buffer.concat([head, body, Buffer.alloc(4)]);
}

function encodeValue(column: FakeColumn, value: FakeValue, max: boolean): Buffer {
  if (value === null || value === undefined) {
    if (column.type !== 'nvarchar') return Buffer.from([0]);
    return max ? Buffer.alloc(8, 0xff) : Buffer.from([0xff, 0xff]);
  }
  switch (column.type) {
    case 'int': {
      const buffer = Buffer.alloc(5);
      buffer.writeUInt8(4, 0);
      buffer.writeInt32LE(Number(value), 1);
      return buffer;
    }
    case 'bigint': {
      const buffer = Buffer.alloc(9);
      buffer.writeUInt8(8, 0);
      buffer.writeBigInt64LE(BigInt(value), 1);
      return buffer;
    }
    case 'bit':
      return Buffer.from([1, value === true || value === 1 || value === '1' ? 1 : 0]);
    case 'float': {
      const buffer = Buffer.alloc(9);
      buffer.writeUInt8(8, 0);
      buffer.writeDoubleLE(Number(value), 1);
      return buffer;
    }
    case 'nvarchar': {
      const text = String(value);
      if (max) return plpValue(text);
      const body = Buffer.from(text, 'ucs2');
      const head = Buffer.alloc(2);
      head.writeUInt16LE(body.length);
      return Buffer.concat([head, body]);
    }
  }
}

export function row(
  columns: readonly FakeColumn[],
  values: readonly FakeValue[],
  maxFlags: readonly boolean[],
): Buffer {
  const parts: Buffer[] = [Buffer.from([TOKEN.ROW])];
  columns.forEach((column, index) => {
    parts.push(encodeValue(column, values[index] ?? null, maxFlags[index] ?? false));
  });
  return Buffer.concat(parts);
}
