/** PRELOGIN answer and LOGIN7 parsing (MS-TDS 2.2.6.4 and 2.2.6.3, as tedious writes them). */

/** Server version announced in PRELOGIN and LOGINACK (SQL Server 2022). */
export const fakeServerVersion: [number, number, number, number] = [16, 0, 0x10, 0x00];

const ENCRYPT_NOT_SUPPORTED = 0x02;

/** PRELOGIN reply: version, no encryption (TDS 8.0 connections are already inside TLS), no MARS. */
export function preloginResponse(): Buffer {
  const version = Buffer.from([fakeServerVersion[0], fakeServerVersion[1], 0x10, 0x00, 0x00, 0x00]);
  const options: Array<[number, Buffer]> = [
    [0x00, version],
    [0x01, Buffer.from([ENCRYPT_NOT_SUPPORTED])],
    [0x02, Buffer.from([0x00])],
    [0x03, Buffer.alloc(0)],
    [0x04, Buffer.from([0x00])],
  ];
  const headerLength = options.length * 5 + 1;
  const header = Buffer.alloc(headerLength);
  let dataOffset = headerLength;
  options.forEach(([token, data], index) => {
    header.writeUInt8(token, index * 5);
    header.writeUInt16BE(dataOffset, index * 5 + 1);
    header.writeUInt16BE(data.length, index * 5 + 3);
    dataOffset += data.length;
  });
  header.writeUInt8(0xff, headerLength - 1);
  return Buffer.concat([header, ...options.map(([, data]) => data)]);
}

/** Reads the encryption byte of the client's PRELOGIN (0 off, 1 on, 2 not supported). */
export function preloginEncryption(data: Buffer): number | undefined {
  let offset = 0;
  while (offset < data.length && data[offset] !== 0xff) {
    if (data[offset] === 0x01) return data.readUInt8(data.readUInt16BE(offset + 1));
    offset += 5;
  }
  return undefined;
}

export interface Login7 {
  tdsVersion: number;
  packetSize: number;
  readOnlyIntent: boolean;
  hostName: string;
  userName: string;
  password: string;
  appName: string;
  serverName: string;
  database: string;
}

/** Passwords travel scrambled: nibbles swapped, then XOR 0xA5 (MS-TDS 2.2.6.4). */
function unscramble(bytes: Buffer): Buffer {
  const out = Buffer.alloc(bytes.length);
  for (let i = 0; i < bytes.length; i++) {
    const value = (bytes[i] ?? 0) ^ 0xa5;
    out[i] = ((value & 0x0f) << 4) | (value >> 4);
  }
  return out;
}

export function parseLogin7(data: Buffer): Login7 {
  const text = (at: number, scrambled = false): string => {
    const offset = data.readUInt16LE(at);
    const chars = data.readUInt16LE(at + 2);
    const bytes = data.subarray(offset, offset + chars * 2);
    return (scrambled ? unscramble(bytes) : bytes).toString('ucs2');
  };
  return {
    tdsVersion: data.readUInt32LE(4),
    packetSize: data.readUInt32LE(8),
    readOnlyIntent: ((data.readUInt8(26) ?? 0) & 0x20) !== 0,
    hostName: text(36),
    userName: text(40),
    password: text(44, true),
    appName: text(48),
    serverName: text(52),
    database: text(68),
  };
}
