// Types for the node-media-server 4.x internals the RTMP server builds on (the package ships plain CommonJS).
// Only the members this module touches are declared; they mirror src/protocol/rtmp.js, src/server/broadcast_server.js,
// src/session/base_session.js, src/core/avpacket.js and src/core/logger.js of node-media-server 4.4.

declare module 'node-media-server/src/core/avpacket.js' {
  class AVPacket {
    codec_id: number;
    /** FLV tag type: 8 audio, 9 video, 18 script data. */
    codec_type: number;
    duration: number;
    /** 0 audio sequence header, 1 audio frame, 2 video sequence header, 3 key frame, 4 inter frame, 5 metadata. */
    flags: number;
    pts: number;
    dts: number;
    size: number;
    offset: number;
    data: Buffer;
  }
  export = AVPacket;
}

declare module 'node-media-server/src/session/base_session.js' {
  class BaseSession {
    id: string;
    ip: string;
    isPublisher: boolean;
    protocol: string;
    streamHost: string;
    streamApp: string;
    streamName: string;
    streamPath: string;
    streamQuery: Record<string, unknown>;
    createTime: number;
    endTime: number;
    inBytes: number;
    outBytes: number;
    playCount: number;
    sendBuffer: (buffer: Buffer) => void;
    close: () => void;
  }
  export = BaseSession;
}

declare module 'node-media-server/src/server/broadcast_server.js' {
  import type AVPacket from 'node-media-server/src/core/avpacket.js';
  import type BaseSession from 'node-media-server/src/session/base_session.js';

  class BroadcastServer {
    constructor(streamPath: string);
    streamPath: string;
    publisher: BaseSession | null;
    subscribers: Map<string, BaseSession>;
    rtmpMetaData: Buffer | null;
    rtmpAudioHeader: Buffer | null;
    rtmpVideoHeader: Buffer | null;
    rtmpGopCache: Set<Buffer> | null;
    flvGopCache: Set<Buffer> | null;
    /** Sends the cached metadata, sequence headers and GOP to the session and subscribes it; an error text or null. */
    postPlay: (session: BaseSession) => string | null;
    donePlay: (session: BaseSession) => void;
    postPublish: (session: BaseSession) => string | null;
    /** Ends the publish at once (donePublish would keep it for a 30 s resume grace). */
    _finishPublish: () => void;
    broadcastMessage: (packet: AVPacket) => void;
  }
  export = BroadcastServer;
}

declare module 'node-media-server/src/protocol/rtmp.js' {
  import type AVPacket from 'node-media-server/src/core/avpacket.js';

  class Rtmp {
    constructor();
    onConnectCallback: (request: unknown) => void;
    onPlayCallback: () => void;
    onPushCallback: () => void;
    onPacketCallback: (packet: AVPacket) => void;
    onOutputCallback: (buffer: Buffer) => void;

    parserPacket: Rtmp.RtmpPacket;
    inPackets: Map<number, Rtmp.RtmpPacket>;
    inChunkSize: number;
    outChunkSize: number;
    streams: number;
    streamId: number;
    streamApp: string;
    streamName: string;
    connectCmdObj: unknown;
    objectEncoding: number;
    ackSize: number | undefined;
    flv: unknown;

    /** Feeds received bytes through handshake and chunk parsing; may throw on malformed input. */
    parserData(buffer: Buffer): string | null;
    packetParse(): void;
    packetAlloc(): void;
    packetHandler(): void;
    controlHandler(): void;
    invokeHandler(): void;
    onConnect(message: Rtmp.RtmpInvokeMessage): void;
    onCreateStream(message: Rtmp.RtmpInvokeMessage): void;
    onPublish(message: Rtmp.RtmpInvokeMessage): void;
    onPlay(message: Rtmp.RtmpInvokeMessage): void;
    onDeleteStream(message: Rtmp.RtmpInvokeMessage): void;

    sendACK(size: number): void;
    sendWindowACK(size: number): void;
    setPeerBandwidth(size: number, type: number): void;
    setChunkSize(size: number): void;
    sendStreamStatus(status: number, streamId: number): void;
    sendStatusMessage(streamId: number, level: string, code: string, description: string): void;
    sendRtmpSampleAccess(streamId?: number): void;
    respondConnect(transId: unknown): void;
    respondCreateStream(transId: unknown): void;
    respondPlay(): void;

    static createMessage(packet: AVPacket): Buffer;
  }
  namespace Rtmp {
    export interface RtmpPacketHeader {
      fmt: number;
      cid: number;
      timestamp: number;
      length: number;
      type: number;
      stream_id: number;
    }

    export interface RtmpPacket {
      header: RtmpPacketHeader;
      clock: number;
      payload: Buffer;
      capacity: number;
      bytes: number;
    }

    /** An AMF0 command as decodeAmf0Cmd returns it; every field comes straight from the client. */
    export interface RtmpInvokeMessage {
      cmd?: unknown;
      transId?: unknown;
      cmdObj?: unknown;
      streamName?: unknown;
      [field: string]: unknown;
    }
  }

  export = Rtmp;
}

declare module 'node-media-server/src/core/logger.js' {
  interface NmsLogger {
    level: string;
    log(message: unknown, level?: string): void;
  }
  const logger: NmsLogger;
  export = logger;
}
