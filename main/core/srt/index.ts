// The SRT module's public surface: the server, the stream id parser, the native binding loader and the API shapes.
export { SrtServer, type SrtServerOptions } from './SrtServer.js';
export { parseStreamId, parseLegacyStreamId, type StreamInfo } from './streamId.js';
export { loadSrtBinding, bindingCandidates, REJECT, SOCKET_STATE } from './binding.js';
export type { Binding, NativeEvent, NativeLogLine, NativeServer, NativeServerOptions, ConnectDecision } from './binding.js';
export { SRT_LOG_AREAS, SrtLogBook, parseLogLine, resolveLogAreas, type SrtLogEntry } from './SrtLogBook.js';
export { SRT_STATISTICS_FIELDS, emptySrtStatistics } from './apiShapes.js';
export type { ApiSrtChannels, ApiSrtConnection, ApiSrtLog, ApiSrtLogTopics, ApiSrtStatistics, SrtStatisticsField } from './apiShapes.js';
