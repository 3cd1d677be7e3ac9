// Headless entry: starts the engine with the config from CORE_CONFIGFILE (or the default locations).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCore, StartupError } from './app.js';
import { collectAfterStart } from './debug/gc.js';

// The bundle lives in dist/main/; the built renderer beside it in dist/renderer/.
const here = path.dirname(fileURLToPath(import.meta.url));
const uiDir = path.resolve(here, '../renderer');
const resourcesDir = path.resolve(here, '../../resources');

async function main(): Promise<void> {
  const startedAt = performance.now();
  const core = createCore({ uiDir, resourcesDir });
  try {
    await core.start();
  } catch (error) {
    const message = error instanceof StartupError || error instanceof Error ? error.message : String(error);
    process.stderr.write(`Cannot start: ${message}\n`);
    process.exit(1);
  }
  const urls = core.urls();
  const lines = [
    `Streaming appliance engine (datarhei Core API) is running (${Math.round(performance.now() - startedAt)} ms).`,
    `  API:        ${urls.api}`,
    `  Swagger UI: ${urls.swagger}`,
    `  Web UI:     ${urls.ui}`,
    `  Config:     ${core.configFile}`,
  ];
  if (core.firstRunPassword) {
    lines.push(
      '',
      'First start: the API is protected. Log in as user "admin" with this generated password',
      `(it is stored in the config file; change it in the UI or the config):`,
      `  ${core.firstRunPassword}`,
      'Requests from this machine (localhost) need no login.',
    );
  }
  process.stdout.write(lines.join('\n') + '\n');
  // Give the start's garbage back soon, and again once the FFmpeg probes of the start (which may take many seconds
  // the first time: hardware encoder tests) have finished.
  collectAfterStart(3000);
  void core.settled().then(() => collectAfterStart(1000));

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`Received ${signal}, stopping...\n`);
    core
      .stop()
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        process.stderr.write(`Error while stopping: ${String(error)}\n`);
        process.exit(1);
      });
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

void main();
