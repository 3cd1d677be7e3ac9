// node-media-server's RTMP protocol engine (handshake, chunk parser, AMF commands) with the guards it lacks against
// hostile input, and with publish/play decisions handed to the caller instead of answered up front.
import type AVPacket from 'node-media-server/src/core/avpacket.js';
import Rtmp from 'node-media-server/src/protocol/rtmp.js';

type RtmpInvokeMessage = Rtmp.RtmpInvokeMessage;

/** Thrown from inside the parser on input that must close the connection. */
export class ProtocolError extends Error {}

export interface ProtocolLimits {
  /** Largest message accepted before publishing starts (commands, control messages); Core's peers send < 1 KB. */
  maxCommandMessageBytes: number;
  /** Largest message accepted from a publisher (an encoded frame). */
  maxMediaMessageBytes: number;
  /** Reassembly buffers of one connection together (NMS keeps one per chunk stream). */
  maxBufferedBytes: number;
  /** Distinct chunk stream ids one connection may use (real clients use fewer than ten). */
  maxChunkStreams: number;
}

export const DEFAULT_PROTOCOL_LIMITS: ProtocolLimits = {
  maxCommandMessageBytes: 64 * 1024,
  maxMediaMessageBytes: 0xffffff,
  maxBufferedBytes: 64 * 1024 * 1024,
  maxChunkStreams: 64,
};

export interface ProtocolHooks {
  /** Bytes to send to the peer. */
  output(buffer: Buffer): void;
  /** `publish` arrived; answer with acceptPublish() or refuse(). */
  publish(rawApp: string, rawName: string): void;
  /** `play` arrived; answer with acceptPlay() or refuse(). */
  play(rawApp: string, rawName: string): void;
  /** An audio, video or data message arrived (from anybody: the caller decides whether it counts). */
  packet(packet: AVPacket): void;
  /** The peer closed its stream (deleteStream). */
  deleteStream(): void;
}

const TYPE_SET_CHUNK_SIZE = 1;
const STREAM_EOF = 1;

export class RtmpProtocol extends Rtmp {
  private mediaAllowed = false;
  private connected = false;

  constructor(
    private readonly hooks: ProtocolHooks,
    private readonly limits: ProtocolLimits = DEFAULT_PROTOCOL_LIMITS,
  ) {
    super();
    // NMS allocates a 1 MB FLV parser per connection that the RTMP side never uses.
    this.flv = null;
    this.onOutputCallback = (buffer) => hooks.output(buffer);
    this.onPacketCallback = (packet) => hooks.packet(packet);
  }

  /** Lets the peer send frame-sized messages (once it is an accepted publisher). */
  allowMedia(): void {
    this.mediaAllowed = true;
  }

  override packetParse(): void {
    super.packetParse();
    if (this.inPackets.size > this.limits.maxChunkStreams) throw new ProtocolError('too many chunk streams');
  }

  override packetAlloc(): void {
    const packet = this.parserPacket;
    const length = packet.header.length;
    if (packet.capacity < length) {
      const limit = this.mediaAllowed ? this.limits.maxMediaMessageBytes : this.limits.maxCommandMessageBytes;
      if (length > limit) throw new ProtocolError(`message of ${length} bytes exceeds the limit of ${limit}`);
      let buffered = length + 1024;
      for (const other of this.inPackets.values()) if (other !== packet) buffered += other.capacity;
      if (buffered > this.limits.maxBufferedBytes) throw new ProtocolError('too many bytes in partial messages');
    }
    super.packetAlloc();
  }

  override controlHandler(): void {
    const { type, length } = this.parserPacket.header;
    if (type === TYPE_SET_CHUNK_SIZE) {
      // NMS would take any value; 0 turns its parser's arithmetic into NaN and stalls the connection.
      const size = length >= 4 ? this.parserPacket.payload.readUInt32BE(0) : 0;
      if (size < 1 || size > 0x7fffffff) throw new ProtocolError(`invalid chunk size ${size}`);
    }
    super.controlHandler();
  }

  override onConnect(message: RtmpInvokeMessage): void {
    const command = message.cmdObj;
    if (typeof command !== 'object' || command === null) throw new ProtocolError('connect without a command object');
    const fields = command as Record<string, unknown>;
    // NMS parses tcUrl with new URL() (throwing on odd clients) only to log the host; the app is all Core needs.
    this.connected = true;
    this.connectCmdObj = command;
    this.streamApp = typeof fields.app === 'string' ? fields.app : '';
    this.objectEncoding = typeof fields.objectEncoding === 'number' ? fields.objectEncoding : 0;
    this.sendWindowACK(5000000);
    this.setPeerBandwidth(5000000, 2);
    this.setChunkSize(this.outChunkSize);
    this.respondConnect(message.transId);
  }

  override onPublish(message: RtmpInvokeMessage): void {
    if (!this.connected) throw new ProtocolError('publish before connect');
    this.streamId = this.parserPacket.header.stream_id;
    this.hooks.publish(this.streamApp, typeof message.streamName === 'string' ? message.streamName : '');
  }

  override onPlay(message: RtmpInvokeMessage): void {
    if (!this.connected) throw new ProtocolError('play before connect');
    this.streamId = this.parserPacket.header.stream_id;
    this.hooks.play(this.streamApp, typeof message.streamName === 'string' ? message.streamName : '');
  }

  override onDeleteStream(): void {
    this.hooks.deleteStream();
  }

  acceptPublish(streamPath: string): void {
    this.sendStatusMessage(this.streamId, 'status', 'NetStream.Publish.Start', `${streamPath} is now published.`);
  }

  /** Stream Begin, Play.Reset, Play.Start, |RtmpSampleAccess; the caller sends the media after it. */
  acceptPlay(): void {
    this.respondPlay();
  }

  /** An error status (clients like FFmpeg fail on it at once); the caller closes the connection after it. */
  refuse(code: string, description: string): void {
    this.sendStatusMessage(this.streamId, 'error', code, description);
  }

  /** Tells a player the stream ended (FFmpeg then ends its input cleanly). */
  endPlay(streamPath: string): void {
    this.sendStatusMessage(this.streamId, 'status', 'NetStream.Play.UnpublishNotify', `${streamPath} is now unpublished.`);
    this.sendStreamStatus(STREAM_EOF, this.streamId);
  }
}
