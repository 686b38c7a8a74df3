/** TDS packet framing (MS-TDS 2.2.3): 8-byte header, messages end with the EOM status bit. */
import type { Duplex } from 'node:stream';

export const PACKET = {
  SQL_BATCH: 0x01,
  RPC_REQUEST: 0x03,
  TABULAR_RESULT: 0x04,
  ATTENTION: 0x06,
  TRANSACTION_MANAGER: 0x0e,
  LOGIN7: 0x10,
  PRELOGIN: 0x12,
} as const;

const HEADER_LENGTH = 8;
const STATUS_EOM = 0x01;
const STATUS_IGNORE = 0x02;

export interface TdsMessage {
  type: number;
  /** The client ended the message with the IGNORE bit (it cancelled while sending). */
  ignored: boolean;
  data: Buffer;
}

/** Cuts a byte stream into complete TDS messages. */
export class MessageReader {
  private pending: Buffer = Buffer.alloc(0);
  private parts: Buffer[] = [];
  private ignored = false;

  push(chunk: Buffer): TdsMessage[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const messages: TdsMessage[] = [];
    while (this.pending.length >= HEADER_LENGTH) {
      const length = this.pending.readUInt16BE(2);
      if (length < HEADER_LENGTH) throw new Error(`bad TDS packet length ${length}`);
      if (this.pending.length < length) break;
      const type = this.pending.readUInt8(0);
      const status = this.pending.readUInt8(1);
      this.parts.push(this.pending.subarray(HEADER_LENGTH, length));
      if (status & STATUS_IGNORE) this.ignored = true;
      this.pending = this.pending.subarray(length);
      if (status & STATUS_EOM) {
        messages.push({ type, ignored: this.ignored, data: Buffer.concat(this.parts) });
        this.parts = [];
        this.ignored = false;
      }
    }
    return messages;
  }
}

/**
 * Writes one message as packets of at most `packetSize` bytes, waiting for 'drain' so that a client that stops
 * reading (paused stream) holds the server back, as a real server is held back by TCP flow control.
 * `stopped()` is checked between packets: when it turns true the message is ended early (the caller then adds
 * its final tokens in a last packet).
 */
export class MessageWriter {
  private packetId = 1;
  private buffered: Buffer[] = [];
  private bufferedLength = 0;

  constructor(
    private readonly socket: Duplex,
    private readonly packetSize: () => number,
  ) {}

  /** Adds token bytes to the current message, flushing full packets. */
  async write(data: Buffer): Promise<void> {
    this.buffered.push(data);
    this.bufferedLength += data.length;
    const bodySize = this.packetSize() - HEADER_LENGTH;
    if (this.bufferedLength <= bodySize) return;
    let all = Buffer.concat(this.buffered);
    while (all.length > bodySize) {
      await this.sendPacket(all.subarray(0, bodySize), false);
      all = all.subarray(bodySize);
    }
    this.buffered = [all];
    this.bufferedLength = all.length;
  }

  /** Sends what is left with the EOM bit: the message is complete. */
  async end(data?: Buffer): Promise<void> {
    if (data) this.buffered.push(data);
    const all = Buffer.concat(this.buffered);
    this.buffered = [];
    this.bufferedLength = 0;
    const bodySize = this.packetSize() - HEADER_LENGTH;
    let rest = all;
    while (rest.length > bodySize) {
      await this.sendPacket(rest.subarray(0, bodySize), false);
      rest = rest.subarray(bodySize);
    }
    await this.sendPacket(rest, true);
    this.packetId = 1;
  }

  private async sendPacket(body: Buffer, last: boolean): Promise<void> {
    if (this.socket.destroyed) throw new Error('socket closed');
    const header = Buffer.alloc(HEADER_LENGTH);
    header.writeUInt8(PACKET.TABULAR_RESULT, 0);
    header.writeUInt8(last ? STATUS_EOM : 0, 1);
    header.writeUInt16BE(body.length + HEADER_LENGTH, 2);
    header.writeUInt16BE(0, 4);
    header.writeUInt8(this.packetId, 6);
    this.packetId = (this.packetId + 1) % 256;
    const flushed = this.socket.write(Buffer.concat([header, body]));
    if (!flushed) await waitForDrain(this.socket);
  }
}

function waitForDrain(socket: Duplex): Promise<void> {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      socket.off('drain', onDrain);
      socket.off('close', onClose);
    };
    const onDrain = () => {
      cleanup();
      resolve();
    };
    const onClose = () => {
      cleanup();
      reject(new Error('socket closed'));
    };
    socket.on('drain', onDrain);
    socket.on('close', onClose);
  });
}
