// Every metric the JSON API knows: name, description and label names as in the manual (FEATURES §13.2).

/** The source a metric is read from; a query or a scrape collects only the groups it needs. */
export type MetricGroup = 'cpu' | 'mem' | 'disk' | 'filesystem' | 'net' | 'ffmpeg' | 'restream' | 'session' | 'uptime' | 'gpu';

export interface MetricDefinition {
  name: string;
  description: string;
  labels: readonly string[];
  group: MetricGroup;
}

const def = (group: MetricGroup, name: string, description: string, labels: readonly string[] = []): MetricDefinition => ({
  name,
  description,
  labels,
  group,
});

/** The 29 metrics of Core v16's manual. */
export const CORE_METRICS: readonly MetricDefinition[] = [
  def('cpu', 'cpu_idle', 'Percentage of idle CPU'),
  def('cpu', 'cpu_ncpu', 'Number of logical CPUs in the system'),
  def('cpu', 'cpu_other', 'Percentage of CPU used for other subsystems'),
  def('cpu', 'cpu_system', 'Percentage of CPU used for the system'),
  def('cpu', 'cpu_user', 'Percentage of CPU used for the user'),
  def('mem', 'mem_free', 'Free memory in bytes'),
  def('mem', 'mem_total', 'Total available memory in bytes'),
  def('disk', 'disk_total', 'Total size of the disk in bytes', ['path']),
  def('disk', 'disk_usage', 'Number of used bytes on the disk', ['path']),
  def('filesystem', 'filesystem_files', 'Number of files on the filesystem (excluding directories)', ['name']),
  def('filesystem', 'filesystem_limit', 'Total size of the filesystem in bytes, negative if unlimited', ['name']),
  def('filesystem', 'filesystem_usage', 'Number of used bytes on the filesystem', ['name']),
  def('net', 'net_rx', 'Number of received bytes', ['interface']),
  def('net', 'net_tx', 'Number of transmitted bytes', ['interface']),
  def('ffmpeg', 'ffmpeg_process', 'State of the ffmpeg process', ['state']),
  def('restream', 'restream_io', 'Current process IO values by name', ['processid', 'type', 'id', 'address', 'index', 'stream', 'media', 'name']),
  def('restream', 'restream_process', 'Current process values by name', ['processid', 'state', 'order', 'name']),
  def('restream', 'restream_process_states', 'Current process state', ['processid', 'state']),
  def('restream', 'restream_state', 'Summarized process states', ['state']),
  def('session', 'session_active', 'Number of current sessions', ['collector']),
  def('session', 'session_limit', 'Max. number of concurrent sessions', ['collector']),
  def('session', 'session_maxrxbitrate', 'Max. allowed receiving bitrate in bit per second', ['collector']),
  def('session', 'session_maxtxbitrate', 'Max. allowed transmitting bitrate in bit per second', ['collector']),
  def('session', 'session_rxbitrate', 'Current receiving bitrate in bit per second', ['collector']),
  def('session', 'session_rxbytes', 'Number of received bytes', ['collector']),
  def('session', 'session_total', 'Total sessions', ['collector']),
  def('session', 'session_txbitrate', 'Current transmitting bitrate in bit per second', ['collector']),
  def('session', 'session_txbytes', 'Number of transmitted bytes', ['collector']),
  def('uptime', 'uptime_uptime', 'Current uptime in seconds'),
];

/** Not in the v16 manual: Core's later GPU collector, published only when the collector is built with `gpu: true`. */
export const GPU_METRICS: readonly MetricDefinition[] = [
  def('gpu', 'gpu_ngpu', 'Number of GPUs in the system'),
  def('gpu', 'gpu_usage', 'Percentage of GPU used', ['index']),
  def('gpu', 'gpu_mem_total', 'GPU memory total in bytes', ['index']),
  def('gpu', 'gpu_mem_free', 'GPU memory available in bytes', ['index']),
];
