/** Decodes SQL batches and sp_executesql RPC requests (MS-TDS 2.2.6.6 and 2.2.6.5) as tedious sends them. */

export type ParamValue = string | number | boolean | bigint | Date | Buffer | null;

export interface ClientRequest {
  kind: 'batch' | 'rpc';
  sql: string;
  /** Declared parameter list of sp_executesql, e.g. "@p1 int, @name nvarchar(5)". */
  declarations?: string;
  /** Parameter values by name, without the @. */
  params: Record<string, ParamValue>;
}

const SP_EXECUTESQL = 10;

/** Skips the ALL_HEADERS block that TDS 7.2+ puts first. */
function afterHeaders(data: Buffer): number {
  return data.readUInt32LE(0);
}

export function parseSqlBatch(data: Buffer): ClientRequest {
  return { kind: 'batch', sql: data.subarray(afterHeaders(data)).toString('ucs2'), params: {} };
}

class Cursor {
  constructor(
    readonly data: Buffer,
    public offset: number,
  ) {}
  u8(): number {
    const value = this.data.readUInt8(this.offset);
    this.offset += 1;
    return value;
  }
  u16(): number {
    const value = this.data.readUInt16LE(this.offset);
    this.offset += 2;
    return value;
  }
  bytes(length: number): Buffer {
    const value = this.data.subarray(this.offset, this.offset + length);
    this.offset += length;
    return value;
  }
  get done(): boolean {
    return this.offset >= this.data.length;
  }
}

function readPlp(cursor: Cursor): Buffer | null {
  const total = cursor.bytes(8);
  if (total.equals(Buffer.alloc(8, 0xff))) return null;
  const chunks: Buffer[] = [];
  for (;;) {
    const length = cursor.data.readUInt32LE(cursor.offset);
    cursor.offset += 4;
    if (length === 0) break;
    chunks.push(cursor.bytes(length));
  }
  return Buffer.concat(chunks);
}

function readLittleEndianInteger(bytes: Buffer): bigint {
  let value = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) value = (value << 8n) | BigInt(bytes[i] ?? 0);
  return value;
}

/** Reads TYPE_INFO then the value of one parameter. Types mssql infers from JS values, and a few more. */
function readTypedValue(cursor: Cursor): ParamValue {
  const type = cursor.u8();
  switch (type) {
    case 0x26: // IntN
    case 0x68: // BitN
    case 0x6d: // FloatN
    case 0x6f: // DateTimeN
    case 0x24: {
      // UniqueIdentifier
      cursor.u8();
      const length = cursor.u8();
      if (length === 0) return null;
      const bytes = cursor.bytes(length);
      if (type === 0x68) return bytes[0] === 1;
      if (type === 0x6d) return length === 4 ? bytes.readFloatLE(0) : bytes.readDoubleLE(0);
      if (type === 0x24) return bytes.toString('hex');
      if (type === 0x6f) {
        const days = bytes.readInt32LE(0);
        const ticks = bytes.readUInt32LE(4);
        return new Date(Date.UTC(1900, 0, 1) + days * 86_400_000 + Math.round((ticks * 10) / 3));
      }
      if (length === 8) return bytes.readBigInt64LE(0);
      return length === 1 ? bytes.readUInt8(0) : length === 2 ? bytes.readInt16LE(0) : bytes.readInt32LE(0);
    }
    case 0x6a: // DecimalN
    case 0x6c: {
      // NumericN
      cursor.u8();
      cursor.u8();
      const scale = cursor.u8();
      const length = cursor.u8();
      if (length === 0) return null;
      const sign = cursor.u8() === 1 ? 1 : -1;
      const magnitude = readLittleEndianInteger(cursor.bytes(length - 1));
      return (sign * Number(magnitude)) / 10 ** scale;
    }
    case 0x28: {
      // DateN
      const length = cursor.u8();
      if (length === 0) return null;
      const days = Number(readLittleEndianInteger(cursor.bytes(3)));
      const epoch = new Date(0);
      epoch.setUTCFullYear(1, 0, 1); // Date.UTC maps years below 100 to 19xx
      return new Date(epoch.getTime() + days * 86_400_000);
    }
    case 0xe7: // NVarChar
    case 0xef: // NChar
    case 0xa7: // VarChar
    case 0xaf: // Char
    case 0xa5: // VarBinary
    case 0xad: {
      // Binary
      const maxLength = cursor.u16();
      const textual = type !== 0xa5 && type !== 0xad;
      if (textual) cursor.bytes(5); // collation
      const bytes = maxLength === 0xffff ? readPlp(cursor) : readShortValue(cursor);
      if (bytes === null) return null;
      if (!textual) return bytes;
      return type === 0xe7 || type === 0xef ? bytes.toString('ucs2') : bytes.toString('latin1');
    }
    default:
      throw new Error(`the fake does not decode parameter type 0x${type.toString(16)}`);
  }
}

function readShortValue(cursor: Cursor): Buffer | null {
  const length = cursor.u16();
  return length === 0xffff ? null : cursor.bytes(length);
}

/** Parses an RPC request; only sp_executesql (proc id 10) is understood. */
export function parseRpc(data: Buffer): ClientRequest {
  const cursor = new Cursor(data, afterHeaders(data));
  const nameLength = cursor.u16();
  const procId = nameLength === 0xffff ? cursor.u16() : -1;
  if (procId !== SP_EXECUTESQL) throw new Error(`the fake only answers sp_executesql, got procedure ${procId}`);
  cursor.u16(); // option flags
  const values: Array<[string, ParamValue]> = [];
  while (!cursor.done) {
    const name = cursor.bytes(cursor.u8() * 2).toString('ucs2');
    cursor.u8(); // status flags
    values.push([name.replace(/^@/, ''), readTypedValue(cursor)]);
  }
  const [statement, declarations, ...rest] = values;
  return {
    kind: 'rpc',
    sql: String(statement?.[1] ?? ''),
    ...(declarations ? { declarations: String(declarations[1] ?? '') } : {}),
    params: Object.fromEntries(rest),
  };
}
