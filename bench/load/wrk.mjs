// wrk.mjs: runs wrk (`--latency`) and reads its report: requests/s, p50/p99 latency in ms, and errors
// (non-2xx/3xx answers plus socket errors). Used by the API benchmarks for the engine and its same-run reference.
import { execFileSync } from 'node:child_process';

const UNIT_MS = { us: 0.001, ms: 1, s: 1000 };

/** `options`: wrk's load options, e.g. ['-t1', '-c4', '-d10s']; `headers`: extra "Name: value" request headers. */
export function wrk(url, options, headers = []) {
  const out = execFileSync('wrk', [...options, '--latency', ...headers.flatMap((header) => ['-H', header]), url]).toString();
  const latency = (quantile) => {
    const match = new RegExp(`\\s${quantile}%\\s+([\\d.]+)(us|ms|s)\\b`).exec(out);
    return match ? Math.round(Number(match[1]) * UNIT_MS[match[2]] * 1000) / 1000 : NaN;
  };
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out)?.slice(1).reduce((sum, n) => sum + Number(n), 0) ?? 0;
  return { rps: Math.round(Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0)), p50_ms: latency(50), p99_ms: latency(99), errors: non2xx + socket };
}
