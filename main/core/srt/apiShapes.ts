// The /api/v3/srt response as the contract defines it (api.SRTChannels, api.SRTConnection, api.SRTLog, api.SRTStatistics).

/** api.SRTStatistics field names (the manual's names for libsrt's SRT_TRACEBSTATS); rates and times may be fractional. */
export const SRT_STATISTICS_FIELDS = [
  'avail_recv_buf_bytes',
  'avail_send_buf_bytes',
  'bandwidth_mbit',
  'flight_size_pkt',
  'flow_window_pkt',
  'max_bandwidth_mbit',
  'mss_bytes',
  'pkt_recv_avg_belated_time_ms',
  'pkt_send_period_us',
  'recv_ack_pkt',
  'recv_buf_bytes',
  'recv_buf_ms',
  'recv_buf_pkt',
  'recv_bytes',
  'recv_drop_bytes',
  'recv_drop_pkt',
  'recv_km_pkt',
  'recv_loss_bytes',
  'recv_loss_pkt',
  'recv_nak_pkt',
  'recv_pkt',
  'recv_retran_pkts',
  'recv_tsbpd_delay_ms',
  'recv_undecrypt_bytes',
  'recv_undecrypt_pkt',
  'recv_unique_bytes',
  'recv_unique_pkt',
  'reorder_tolerance_pkt',
  'rtt_ms',
  'send_buf_bytes',
  'send_buf_ms',
  'send_buf_pkt',
  'send_drop_bytes',
  'send_drop_pkt',
  'send_duration_us',
  'send_km_pkt',
  'send_loss_pkt',
  'send_tsbpd_delay_ms',
  'sent_ack_pkt',
  'sent_bytes',
  'sent_nak_pkt',
  'sent_pkt',
  'sent_retrans_bytes',
  'sent_retrans_pkt',
  'sent_unique_bytes',
  'sent_unique_pkt',
  'timestamp_ms',
] as const;

export type SrtStatisticsField = (typeof SRT_STATISTICS_FIELDS)[number];
export type ApiSrtStatistics = Record<SrtStatisticsField, number>;

/** One libsrt log line: when (ms since the epoch) and its text, split at line breaks. */
export interface ApiSrtLog {
  ts: number;
  msg: string[];
}

export type ApiSrtLogTopics = Record<string, ApiSrtLog[]>;

export interface ApiSrtConnection {
  log: ApiSrtLogTopics;
  stats: ApiSrtStatistics;
}

export interface ApiSrtChannels {
  /** resource → the publisher's socket id */
  publisher: Record<string, number>;
  /** resource → the subscribers' socket ids (only resources that have subscribers) */
  subscriber: Record<string, number[]>;
  /** socket id → its statistics and the log lines about it */
  connections: Record<string, ApiSrtConnection>;
  /** log lines not about one connection */
  log: ApiSrtLogTopics;
}

export function emptySrtStatistics(): ApiSrtStatistics {
  return Object.fromEntries(SRT_STATISTICS_FIELDS.map((field) => [field, 0])) as ApiSrtStatistics;
}
