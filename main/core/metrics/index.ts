// The metrics module's public surface: the collector behind /api/v3/metrics, the Prometheus exporter, and the sources.
export { MetricsCollector, type MetricsCollectorOptions } from './MetricsCollector.js';
export { MetricsQueryError } from './MetricsQueryError.js';
export { PrometheusExporter, PROMETHEUS_METRICS, type PrometheusExporterOptions, type CurrentValues } from './prometheus.js';
export { CORE_METRICS, GPU_METRICS, type MetricDefinition, type MetricGroup } from './catalog.js';
export type {
  MetricsDescription,
  MetricsQuery,
  MetricsQueryMetric,
  MetricsResponse,
  MetricsResponseMetric,
  MetricsResponseValue,
  MetricValue,
} from './apiShapes.js';
export {
  PROCESS_STATE_NAMES,
  filesystemMetricName,
  type EngineSource,
  type FilesystemStats,
  type ProcessIOStats,
  type ProcessProgressStats,
  type ProcessStateName,
  type ProcessStats,
  type SessionStats,
  type StateCounts,
} from './EngineSource.js';
export type { CpuCoreTimes, CpuUsage, DiskUsage, GpuUsage, MemoryUsage, NetworkCounters, SystemSource } from './SystemSource.js';
export { createSystemSource, type SystemSourceOptions } from './createSystemSource.js';
export { LinuxSystemSource, type LinuxSystemSourceOptions } from './LinuxSystemSource.js';
export { PortableSystemSource, type PortableSystemSourceOptions } from './PortableSystemSource.js';
export { GpuProbe, type GpuProbeOptions } from './GpuProbe.js';
export { readCgroup, detectCgroupVersion, type CgroupInfo, type CgroupVersion } from './cgroup.js';
