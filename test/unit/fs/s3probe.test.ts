import { it } from 'vitest';
import { Readable } from 'node:stream';
import { createHash } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { startS3rver } from '../../helpers/s3rver.js';
import { S3Filesystem } from '../../../main/core/fs/S3Filesystem.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const mem = () => { const m = process.memoryUsage(); return m.heapUsed + m.external + m.arrayBuffers * 0; };

it('probe', async () => {
  const s = await startS3rver();
  const cfg = { name: 'aws', mountpoint: '/aws', auth: { enable: false, username: '', password: '' }, endpoint: s.endpoint, access_key_id: 'a', secret_access_key: 'b', bucket: 'bucket1', region: '', use_ssl: false };
  const fs = await S3Filesystem.open(cfg);
  await fs.write('/warm', Buffer.from('x'));
  for (const useGc of [true, false]) {
  if (useGc) gc();
  const base = mem(); let peak = base;
  const hash = createHash('sha256');
  const MiB = 1024 * 1024;
  async function* gen() { for (let i = 0; i < 50; i++) { const b = Buffer.alloc(MiB, i * 7); b.writeUInt32LE(i, 0); hash.update(b); peak = Math.max(peak, mem()); yield b; } }
  const t0 = Date.now();
  await fs.write('/big.bin', Readable.from(gen()));
  const t1 = Date.now();
  const up = peak - base;
  if (useGc) gc();
  const base2 = mem(); let peak2 = base2;
  const h2 = createHash('sha256'); let n = 0;
  for await (const c of (await fs.read('/big.bin'))!) { h2.update(c); n += c.length; peak2 = Math.max(peak2, mem()); }
  console.log(useGc, 'up', (up / MiB).toFixed(1), 'down', ((peak2 - base2) / MiB).toFixed(1), n, hash.digest('hex') === h2.digest('hex'), t1 - t0, Date.now() - t1);
  }
  fs.close();
  await s.stop();
});
