// Logs: the engine's recent log lines (GET /api/v3/log), polled while visible and filterable.
import { useEffect, useId, useMemo, useState } from 'react';
import { errorMessage } from '../api/ApiError.js';
import { pollWhileVisible } from '../store/poll.js';
import { useStores } from '../store/index.js';

const LEVELS = ['all', 'error', 'warn', 'info', 'debug'] as const;

export function Logs() {
  const { client } = useStores();
  const [lines, setLines] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [filter, setFilter] = useState('');
  const [level, setLevel] = useState<(typeof LEVELS)[number]>('all');
  const [paused, setPaused] = useState(false);
  const filterId = useId();
  const levelId = useId();

  useEffect(() => {
    if (paused) return;
    return pollWhileVisible(() => {
      client.log().then(
        (result) => {
          setLines(Array.isArray(result) ? result : []);
          setError(null);
        },
        (failure: unknown) => setError(errorMessage(failure)),
      );
    }, 1000);
  }, [client, paused]);

  const shown = useMemo(() => {
    const needle = filter.toLowerCase();
    return lines.filter((line) => {
      const lower = line.toLowerCase();
      if (level !== 'all' && !new RegExp(`\\b${level}`).test(lower)) return false;
      return needle === '' || lower.includes(needle);
    });
  }, [lines, filter, level]);

  return (
    <section aria-labelledby="logs-title">
      <h1 id="logs-title">Logs</h1>
      <div className="toolbar">
        <label htmlFor={filterId}>Filter</label>
        <input id={filterId} type="search" value={filter} onChange={(event) => setFilter(event.target.value)} />
        <label htmlFor={levelId}>Level</label>
        <select id={levelId} value={level} onChange={(event) => setLevel(event.target.value as (typeof LEVELS)[number])}>
          {LEVELS.map((value) => (
            <option key={value} value={value}>
              {value}
            </option>
          ))}
        </select>
        <button type="button" onClick={() => setPaused(!paused)} aria-pressed={paused}>
          {paused ? 'Resume' : 'Pause'}
        </button>
      </div>
      {error && <p role="alert" className="error">{error}</p>}
      <p role="status">
        {shown.length} of {lines.length} lines
      </p>
      <pre className="log log-tall" tabIndex={0} aria-label="Engine log">
        {shown.join('\n')}
      </pre>
    </section>
  );
}
