// The session module's public surface: collectors, their registry, and the HLS viewer/publisher tracking.
export { SessionCollector, BITRATE_EXCEEDED, SESSIONS_EXCEEDED } from './SessionCollector.js';
export type { CollectorSettings, CollectorStats, LimitExceeded, SessionAddresses } from './SessionCollector.js';
export type { SessionInfo } from './Session.js';
export { SessionRegistry, DEFAULT_COLLECTORS, type SessionRegistryOptions, type SessionSettings } from './SessionRegistry.js';
export { HlsSessions, DEFAULT_HEADER_BYTES, headerBytes, playlistReference } from './HlsSessions.js';
export type { HlsPeer, HlsRequestOptions, HlsSessionsOptions, PlaylistResult } from './HlsSessions.js';
export { emptySessionSummary } from './apiShapes.js';
export type { ApiSession, ApiSessionSummary, ApiSessionsActive, ApiSessionsSummary } from './apiShapes.js';
export { DEFAULT_IP_IGNORELIST } from './IpIgnoreList.js';
export { isPlaylistPath, isSegmentPath } from './playlist.js';
