#!/usr/bin/env node
// bare-json-server.mjs FILE PORT : the same-run reference for API benchmarks. A bare Node http server on
// 127.0.0.1:PORT that answers every request with FILE's bytes as JSON (e.g. an engine's list answer captured
// once), so the difference to the engine is what the engine does per request beyond writing the bytes.
// Imported, startBareJsonServer(FILE, PORT) spawns it as its own process (like the engine) and waits for it.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { sleep } from './lib.mjs';

const self = fileURLToPath(import.meta.url);

export async function startBareJsonServer(file, port) {
  const child = spawn(process.execPath, [self, file, String(port)], { stdio: 'ignore' });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 250; i++) {
    try {
      await fetch(base);
      break;
    } catch {
      await sleep(20);
    }
  }
  return { child, base, pid: child.pid, stop: () => child.kill() };
}

if (process.argv[1] === self) {
  const [file, port] = process.argv.slice(2);
  if (!file || !port) {
    console.error('usage: bare-json-server.mjs FILE PORT');
    process.exit(2);
  }
  const body = readFileSync(file);
  const headers = { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length };
  http.createServer((request, response) => {
    response.writeHead(200, headers);
    response.end(body);
  }).listen(Number(port), '127.0.0.1');
}
