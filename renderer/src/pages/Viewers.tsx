// Viewers: active sessions per collector (HLS, RTMP, SRT).
import { useEffect } from 'react';
import { formatBytes, formatDuration, formatKbit } from '../components/format.js';
import { COLLECTORS } from '../store/sessions.js';
import { useSessions, useStores } from '../store/index.js';

export function Viewers() {
  const { sessions } = useStores();
  useEffect(() => sessions.getState().poll(), [sessions]);
  const active = useSessions((state) => state.active);
  const error = useSessions((state) => state.error);
  const now = Date.now() / 1000;

  return (
    <section aria-labelledby="viewers-title">
      <h1 id="viewers-title">Viewers</h1>
      {error && <p role="alert" className="error">{error}</p>}
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
