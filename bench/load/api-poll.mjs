#!/usr/bin/env node
// api-poll.mjs BASE_URL CLIENTS DURATION_S [--path=/api/v3/process?filter=state] [--interval-ms=1000] [--token=JWT] [--gzip]
//
// CLIENTS concurrent API clients (UIs, monitors), each on its own keep-alive connection, each polling PATH every
// --interval-ms (a UI's list refresh; 0 = back to back, a closed loop). A client never overlaps its own requests:
// when an answer takes longer than the interval, the next request follows at once. Clients start spread evenly
// over the first interval, so the load is steady rather than synchronised bursts.
// Latency is request start to the last byte of the answer. An ERROR is any status other than 200, a socket error
// or no answer within 10 s. --gzip sends Accept-Encoding: gzip like a browser (the answer is not decoded).
// Prints one line: requests, errors, req/s, latency p50/p99/max.
import http from 'node:http';
import { pct, parseArgs, fmt, sleep } from './lib.mjs';

const { pos, opt } = parseArgs(process.argv.slice(2));
if (pos.length < 3) {
  console.error('usage: api-poll.mjs BASE_URL CLIENTS DURATION_S [--path=...] [--interval-ms=1000] [--token=JWT] [--gzip]');
  process.exit(2);
}
const base = pos[0];
const clients = Math.min(5000, Math.max(1, parseInt(pos[1], 10)));
const duration = Math.min(3600, Math.max(1, Number(pos[2]))) * 1000;
const url = new URL(typeof opt.path === 'string' ? opt.path : '/api/v3/process?filter=state', base);
const interval = opt['interval-ms'] !== undefined ? Number(opt['interval-ms']) : 1000;
const headers = {};
if (typeof opt.token === 'string') headers.authorization = `Bearer ${opt.token}`;
if (opt.gzip) headers['accept-encoding'] = 'gzip';

const ms = [];
let errors = 0;
let firstError = '';
let bytes = 0;

function get(agent) {
  return new Promise((resolve) => {
    const started = performance.now();
    const fail = (message) => {
      errors++;
      firstError ||= message;
      resolve();
    };
    const req = http.get(url, { agent, headers }, (res) => {
      res.on('data', (chunk) => (bytes += chunk.length));
      res.on('end', () => {
        ms.push(performance.now() - started);
        if (res.statusCode !== 200) fail(`HTTP ${res.statusCode}`);
        else resolve();
      });
      res.on('error', (error) => fail(error.message));
    });
    req.setTimeout(10_000, () => req.destroy(new Error('timeout')));
    req.on('error', (error) => fail(error.message));
  });
}

async function client(index, end) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  await sleep((interval * index) / clients);
  while (performance.now() < end) {
    const started = performance.now();
    await get(agent);
    await sleep(interval - (performance.now() - started));
  }
  agent.destroy();
}

const t0 = performance.now();
await Promise.all(Array.from({ length: clients }, (_, i) => client(i, t0 + duration)));
const wall = (performance.now() - t0) / 1000;
console.log(`api-poll url=${url} clients=${clients} interval_ms=${interval} requests=${ms.length} errors=${errors} req_per_s=${fmt(ms.length / wall)}` +
  ` ms_p50=${fmt(pct(ms, 50), 2)} ms_p99=${fmt(pct(ms, 99), 2)} ms_max=${fmt(ms.reduce((a, b) => Math.max(a, b), 0), 2)} mb_per_s=${fmt(bytes / wall / 1048576, 2)}` +
  `${firstError ? ' first_error=' + JSON.stringify(firstError) : ''}`);
