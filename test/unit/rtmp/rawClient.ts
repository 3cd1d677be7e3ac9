// A minimal hand-driven RTMP client for protocol tests: handshake, chunked messages, a small AMF0 encoder, and a
// byte collector to wait for answers or for the server to close.
import net from 'node:net';
import { randomBytes } from 'node:crypto';

export type Amf0Value = number | string | boolean | null | { [key: string]: Amf0Value };

function amf0String(text: string): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  const head = Buffer.alloc(2);
  head.writeUInt16BE(bytes.length);
  return Buffer.concat([head, bytes]);
}

export function amf0(...values: Amf0Value[]): Buffer {
  const parts: Buffer[] = [];
  for (const value of values) {
    if (typeof value === 'number') {
      const buffer = Buffer.alloc(9);
      buffer[0] = 0x00;
      buffer.writeDoubleBE(value, 1);
      parts.push(buffer);
    } else if (typeof value === 'string') {
      parts.push(Buffer.from([0x02]), amf0String(value));
    } else if (typeof value === 'boolean') {
      parts.push(Buffer.from([0x01, value ? 1 : 0]));
    } else if (value === null) {
      parts.push(Buffer.from([0x05]));
    } else {
      parts.push(Buffer.from([0x03]));
      for (const [key, field] of Object.entries(value)) parts.push(amf0String(key), amf0(field));
      parts.push(Buffer.from([0x00, 0x00, 0x09]));
    }
  }
  return Buffer.concat(parts);
}

export const TYPE = { setChunkSize: 1, ack: 3, windowAck: 5, audio: 8, video: 9, data: 18, command: 20 } as const;

/** One message as fmt-0 chunk plus fmt-3 continuations (chunk stream ids 2..319). */
export function chunkMessage(cid: number, type: number, streamId: number, payload: Buffer, options: { chunkSize?: number; timestamp?: number; length?: number } = {}): Buffer {
  const chunkSize = options.chunkSize ?? 128;
  const basic = (fmt: number) => (cid < 64 ? Buffer.from([(fmt << 6) | cid]) : Buffer.from([fmt << 6, cid - 64]));
  const header = Buffer.alloc(11);
  header.writeUIntBE(Math.min(options.timestamp ?? 0, 0xffffff), 0, 3);
  header.writeUIntBE(options.length ?? payload.length, 3, 3);
  header[6] = type;
  header.writeUInt32LE(streamId, 7);
  const parts: Buffer[] = [basic(0), header];
  for (let offset = 0; offset < payload.length; offset += chunkSize) {
    if (offset > 0) parts.push(basic(3));
    parts.push(payload.subarray(offset, offset + chunkSize));
  }
  return Buffer.concat(parts);
}

export function command(name: string, transaction: number, ...args: Amf0Value[]): Buffer {
  return chunkMessage(3, TYPE.command, 0, amf0(name, transaction, ...args));
}

export function streamCommand(name: string, transaction: number, streamId: number, ...args: Amf0Value[]): Buffer {
  return chunkMessage(8, TYPE.command, streamId, amf0(name, transaction, ...args));
}

export function connectCommand(app: string, port: number): Buffer {
  return command('connect', 1, { app, type: 'nonprivate', flashVer: 'FMLE/3.0', tcUrl: `rtmp://127.0.0.1:${port}/${app}` });
}

/** A connection that keeps every received byte and knows when the server closed it. */
export class RawClient {
  received = Buffer.alloc(0);
  closed = false;
  private readonly closedPromise: Promise<void>;

  private constructor(readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.received = Buffer.concat([this.received, chunk]);
    });
    socket.on('error', () => undefined);
    this.closedPromise = new Promise((resolve) => {
      socket.on('close', () => {
        this.closed = true;
        resolve();
      });
    });
  }

  static connect(port: number): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: '127.0.0.1', port }, () => resolve(new RawClient(socket)));
      socket.once('error', reject);
    });
  }

  write(bytes: Buffer): void {
    if (!this.socket.destroyed) this.socket.write(bytes);
  }

  /** C0+C1, wait for S0+S1+S2, then C2. */
  async handshake(): Promise<void> {
    this.write(Buffer.concat([Buffer.from([3]), randomBytes(1536)]));
    await this.until(() => this.received.length >= 3073, 'S0S1S2');
    this.received = this.received.subarray(3073);
    this.write(randomBytes(1536));
  }

  /** Handshake, connect and createStream (stream id 1). */
  async open(app: string, port: number): Promise<void> {
    await this.handshake();
    this.write(connectCommand(app, port));
    await this.until(() => this.sees('NetConnection.Connect.Success'), 'connect result');
    this.write(command('createStream', 2, null));
  }

  sees(text: string): boolean {
    return this.received.includes(Buffer.from(text));
  }

  async until(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** Resolves true when the server closed the connection within `timeoutMs`. */
  async closedWithin(timeoutMs: number): Promise<boolean> {
    if (this.closed) return true;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const result = await Promise.race([this.closedPromise.then(() => true), timeout]);
    clearTimeout(timer);
    return result;
  }

  destroy(): void {
    this.socket.destroy();
  }
}

/** FLV-style media payloads with a readable marker, as a publisher would send them. */
export const media = {
  avcSequenceHeader: (marker: string) => Buffer.concat([Buffer.from([0x17, 0x00, 0, 0, 0]), Buffer.from(marker)]),
  keyFrame: (marker: string) => Buffer.concat([Buffer.from([0x17, 0x01, 0, 0, 0]), Buffer.from(marker)]),
  interFrame: (marker: string) => Buffer.concat([Buffer.from([0x27, 0x01, 0, 0, 0]), Buffer.from(marker)]),
  aacSequenceHeader: (marker: string) => Buffer.concat([Buffer.from([0xaf, 0x00]), Buffer.from(marker)]),
  aacFrame: (marker: string) => Buffer.concat([Buffer.from([0xaf, 0x01]), Buffer.from(marker)]),
  metadata: (marker: string) => amf0('@setDataFrame', 'onMetaData', { marker, width: 320, height: 240 }),
};
