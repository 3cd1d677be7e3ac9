// The session DTOs of Core's API (swagger api.Session, api.SessionSummary, ...), with Core's units and field order.

/** api.Session: one active session; bandwidths in kbit/s over the last 10 s. */
export interface ApiSession {
  id: string;
  reference: string;
  /** Unix seconds. */
  created_at: number;
  local: string;
  remote: string;
  extra: string;
  bytes_rx: number;
  bytes_tx: number;
  bandwidth_rx_kbit: number;
  bandwidth_tx_kbit: number;
}

/** api.SessionStats: totals of closed sessions; traffic in whole MiB (Core's "MB"). */
export interface ApiSessionStats {
  sessions: number;
  traffic_rx_mb: number;
  traffic_tx_mb: number;
}

/** api.SessionPeers: a remote's totals, split by local end. */
export interface ApiSessionPeers extends ApiSessionStats {
  local: Record<string, ApiSessionStats>;
}

/** api.SessionSummaryActive: bandwidths in mbit/s. */
export interface ApiSessionSummaryActive {
  list: ApiSession[];
  sessions: number;
  bandwidth_rx_mbit: number;
  bandwidth_tx_mbit: number;
  max_sessions: number;
  max_bandwidth_rx_mbit: number;
  max_bandwidth_tx_mbit: number;
}

/** api.SessionSummarySummary: the history (closed sessions only, as in Core). */
export interface ApiSessionSummarySummary extends ApiSessionStats {
  remote: Record<string, ApiSessionPeers>;
  local: Record<string, ApiSessionStats>;
  reference: Record<string, ApiSessionStats>;
}

export interface ApiSessionSummary {
  active: ApiSessionSummaryActive;
  summary: ApiSessionSummarySummary;
}

/** GET /api/v3/session */
export type ApiSessionsSummary = Record<string, ApiSessionSummary>;

/** GET /api/v3/session/active */
export type ApiSessionsActive = Record<string, ApiSession[]>;

/** What Core answers for a collector it does not have (or while sessions are disabled). */
export function emptySessionSummary(): ApiSessionSummary {
  return {
    active: {
      list: [],
      sessions: 0,
      bandwidth_rx_mbit: 0,
      bandwidth_tx_mbit: 0,
      max_sessions: 0,
      max_bandwidth_rx_mbit: 0,
      max_bandwidth_tx_mbit: 0,
    },
    summary: { remote: {}, local: {}, reference: {}, sessions: 0, traffic_rx_mb: 0, traffic_tx_mb: 0 },
  };
}

/** Core's api.ToNumber: integers as they are, everything else with three decimals. */
export function toApiNumber(value: number): number {
  return Number.isInteger(value) ? value : Math.round(value * 1000) / 1000;
}

/** Bytes to Core's "MB" (integer division by 1024², as Go does on uint64). */
export function toMegabytes(bytes: number): number {
  return Math.floor(bytes / 1024 / 1024);
}
