// Child process for the crash tests: saves db.json and dies by SIGKILL (kill -9) mid-way.
// argv: <dir> before-rename  → save once, killed just before the rename (temp file written and fsynced)
//       <dir> loop            → save growing versions forever until the parent kills it
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { save } from '../../../main/core/restream/store/json-store.js';
import type { StoreData } from '../../../main/core/restream/types.js';

const [dir, mode] = process.argv.slice(2);

function version(n: number): StoreData {
  const process: StoreData['process'] = {};
  for (let i = 0; i < n % 50; i++) {
    const id = `p${i}`;
    process[id] = {
      id,
      reference: 'r'.repeat(n % 7),
      config: {
        id,
        reference: 'r'.repeat(n % 7),
        ffversion: '^5.1.0',
        input: [{ id: 'in', address: 'testsrc=size=1280x720:rate=25', options: ['-f', 'lavfi'], cleanup: [] }],
        output: [{ id: 'out', address: '-', options: ['-f', 'null'], cleanup: [] }],
        options: [],
        reconnect: true,
        reconnect_delay_seconds: 10,
        autostart: false,
        stale_timeout_seconds: 0,
        limit_cpu_usage: 0,
        limit_memory_bytes: 0,
        limit_waitfor_seconds: 0,
      },
      created_at: n,
      updated_at: n,
      order: 'stop',
    };
  }
  return { version: 4, process, metadata: { system: { n, count: n % 50 }, process: {} } };
}

if (mode === 'before-rename') {
  // The real rename never happens: the process is killed with the complete temp file on disk.
  fs.renameSync = () => {
    process.kill(process.pid, 'SIGKILL');
  };
  syncBuiltinESMExports();
  await save(dir, version(99));
} else {
  for (let n = 1; ; n++) {
    await save(dir, version(n));
    if (n === 1) process.stdout.write('first\n');
  }
}
