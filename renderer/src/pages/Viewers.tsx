// Viewers: active sessions per collector (HLS, RTMP, SRT), with the totals against the configured limits.
import { useEffect } from 'react';
import { formatBytes, formatDuration, formatKbit } from '../components/format.js';
import { COLLECTORS, summarize } from '../store/sessions.js';
import { useConfig, useSessions, useStores } from '../store/index.js';

export function Viewers() {
  const { sessions, config } = useStores();
  useEffect(() => sessions.getState().poll(), [sessions]);
  useEffect(() => {
    if (!config.getState().data) void config.getState().load();
  }, [config]);
  const limits = useConfig((state) => state.data?.config.sessions as { max_sessions?: number; max_bitrate_mbit?: number } | undefined);
  const active = useSessions((state) => state.active);
  const error = useSessions((state) => state.error);
  const now = Date.now() / 1000;

  return (
    <section aria-labelledby="viewers-title">
      <h1 id="viewers-title">Viewers</h1>
      {error && <p role="alert" className="error">{error}</p>}
      <Totals active={active} maxSessions={limits?.max_sessions ?? 0} maxMbit={limits?.max_bitrate_mbit ?? 0} />
      {COLLECTORS.map((collector) => {
        const list = active[collector] ?? [];
        return (
          <div className="card" key={collector}>
            <h2>
              {collector.toUpperCase()} ({list.length})
            </h2>
            {list.length === 0 ? (
              <p>No active sessions.</p>
            ) : (
              <div className="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">Stream</th>
                      <th scope="col">Remote</th>
                      <th scope="col">Duration</th>
                      <th scope="col">Sending</th>
                      <th scope="col">Sent</th>
                    </tr>
                  </thead>
                  <tbody>
                    {list.map((session) => (
                      <tr key={session.id}>
                        <th scope="row">{session.reference || session.local}</th>
                        <td>{session.remote}</td>
                        <td>{formatDuration(now - session.created_at)}</td>
                        <td>{formatKbit(session.bandwidth_tx_kbit)}</td>
                        <td>{formatBytes(session.bytes_tx)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </div>
        );
      })}
    </section>
  );
}

function Totals({ active, maxSessions, maxMbit }: { active: Parameters<typeof summarize>[0]; maxSessions: number; maxMbit: number }) {
  const totals = COLLECTORS.map((collector) => summarize(active, collector)).reduce((sum, part) => ({ viewers: sum.viewers + part.viewers, txKbit: sum.txKbit + part.txKbit }), { viewers: 0, txKbit: 0 });
  return (
    <div className="card">
      <h2>Totals and limits</h2>
      <dl className="facts">
        <dt>Viewers</dt>
        <dd>
          {totals.viewers} {maxSessions > 0 ? <>of at most {maxSessions} <meter min={0} max={maxSessions} value={totals.viewers} aria-label="Viewers against the limit" /></> : '(no limit)'}
        </dd>
        <dt>Sending</dt>
        <dd>
          {formatKbit(totals.txKbit)}{' '}
          {maxMbit > 0 ? <>of at most {maxMbit} Mbit/s <meter min={0} max={maxMbit * 1000} value={totals.txKbit} aria-label="Bandwidth against the limit" /></> : '(no limit)'}
        </dd>
      </dl>
      <p className="hint">New viewers are refused (HTTP 509 for HLS) while a limit is reached; set the limits in Settings → Sessions.</p>
    </div>
  );
}
