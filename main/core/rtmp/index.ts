// The RTMP module's public surface: the server the engine starts, and Core's stream path/token rules.
export { RtmpServer } from './RtmpServer.js';
export type { RtmpChannel, RtmpServerOptions, RtmpTlsOptions } from './RtmpServer.js';
export { normalizeApp, resolveStream } from './resolveStream.js';
export type { StreamAccessOptions, StreamDecision } from './resolveStream.js';
