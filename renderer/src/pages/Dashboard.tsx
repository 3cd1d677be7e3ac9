// Dashboard: CPU, memory and network charts, channel counts, and viewers with bandwidth per protocol.
import { useEffect, useMemo } from 'react';
import { Chart } from '../components/Chart.js';
import { formatBytes, formatKbit } from '../components/format.js';
import { LanAccess } from '../components/LanAccess.js';
import { COLLECTORS, summarize } from '../store/sessions.js';
import { useConfig, useMetrics, useProcesses, useSessions, useStores } from '../store/index.js';

const bits = (value: number) => formatKbit(value / 1000);

export function Dashboard() {
  const { metrics, sessions, processes, config } = useStores();
  useEffect(() => {
    if (!config.getState().data) void config.getState().load();
  }, [config]);
  const hostNames = useConfig((state) => (state.data?.config.host as { name?: string[] } | undefined)?.name);
  useEffect(() => metrics.getState().poll(), [metrics]);
  useEffect(() => sessions.getState().poll(), [sessions]);
  useEffect(() => processes.getState().poll(), [processes]);

  const series = useMetrics((state) => state.series);
  const memTotal = useMetrics((state) => state.memTotalBytes);
  const ngpu = useMetrics((state) => state.ngpu);
  const error = useMetrics((state) => state.error);
  const active = useSessions((state) => state.active);
  const byId = useProcesses((state) => state.byId);
  const counts = useMemo(() => {
    const values = Object.values(byId);
    return {
      running: values.filter((process) => process.state?.exec === 'running').length,
      failed: values.filter((process) => process.state?.exec === 'failed').length,
      total: values.length,
    };
  }, [byId]);

  const cpu = useMemo(() => [{ label: 'CPU', values: series.cpuPercent, color: '#3b82f6' }], [series]);
  const gpu = useMemo(() => [{ label: 'GPU', values: series.gpuPercent, color: '#eab308' }], [series]);
  const mem = useMemo(() => [{ label: 'Used', values: series.memUsedBytes, color: '#a855f7' }], [series]);
  const net = useMemo(
    () => [
      { label: 'Received', values: series.rxBitsPerSec, color: '#22c55e' },
      { label: 'Sent', values: series.txBitsPerSec, color: '#f97316' },
    ],
    [series],
  );

  return (
    <section aria-labelledby="dashboard-title">
      <h1 id="dashboard-title">Dashboard</h1>
      {error && <p role="alert" className="error">{error}</p>}
      <div className="stats">
        <div className="card stat">
          <h2>Channels running</h2>
          <p className="big">{counts.running}</p>
          <p>of {counts.total}</p>
        </div>
        <div className="card stat">
          <h2>Channels failed</h2>
          <p className={counts.failed > 0 ? 'big error' : 'big'}>{counts.failed}</p>
          <p>
            <a href="#/channels">Open channels</a>
          </p>
        </div>
        {COLLECTORS.map((collector) => {
          const summary = summarize(active, collector);
          return (
            <div className="card stat" key={collector}>
              <h2>{collector.toUpperCase()} viewers</h2>
              <p className="big">{summary.viewers}</p>
              <p>{formatKbit(summary.txKbit)}</p>
            </div>
          );
        })}
      </div>
      <div className="charts">
        <Chart title="CPU usage" ts={series.ts} series={cpu} format={(value) => `${value.toFixed(0)} %`} />
        <Chart title={`Memory used${memTotal ? ` of ${formatBytes(memTotal)}` : ''}`} ts={series.ts} series={mem} format={formatBytes} />
        <Chart title="Network" ts={series.ts} series={net} format={bits} />
        {ngpu > 0 && <Chart title={`GPU usage (${ngpu} ${ngpu === 1 ? 'GPU' : 'GPUs'})`} ts={series.ts} series={gpu} format={(value) => `${value.toFixed(0)} %`} />}
      </div>
      <div className="card">
        <h2>Reach this appliance</h2>
        <p>Open the control UI from another device on the network, or scan the code with a phone.</p>
        <LanAccess hostNames={hostNames ?? []} />
      </div>
    </section>
  );
}
