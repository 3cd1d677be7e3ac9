// Large S3 uploads and downloads stream part by part: a 50 MB file never sits in memory whole.
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { S3Filesystem } from '../../../main/core/fs/S3Filesystem.js';
import { PART_SIZE } from '../../../main/core/fs/s3Upload.js';
import { startS3rver, type TestS3Server } from '../../helpers/s3rver.js';
import { recordingLogger } from '../../helpers/silentLogger.js';

const MiB = 1024 * 1024;

// A full collection before each sample, so the numbers are live memory rather than garbage not yet collected.
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;
function liveBytes(): number {
  // Buffers' memory is released by the collection after the one that found them unreachable.
  collect();
  collect();
  const { heapUsed, external } = process.memoryUsage();
  return heapUsed + external;
}

/** `count` fresh 1 MiB chunks with distinct content, hashed as they are handed out. */
function chunks(count: number, hash: ReturnType<typeof createHash>, onChunk: (index: number) => void = () => {}): Readable {
  return Readable.from(
    (function* () {
      for (let i = 0; i < count; i++) {
        onChunk(i);
        const chunk = Buffer.alloc(MiB, (i * 37) & 0xff);
        chunk.writeUInt32LE(i, 0);
        chunk.writeUInt32LE(i * 7919, MiB - 4);
        hash.update(chunk);
        yield chunk;
      }
    })(),
  );
}

let server: TestS3Server;
let filesystem: S3Filesystem;
const logger = recordingLogger();

beforeAll(async () => {
  server = await startS3rver();
  filesystem = await S3Filesystem.open(
    {
      name: 'aws',
      mountpoint: '/awsfs',
      auth: { enable: false, username: '', password: '' },
      endpoint: server.endpoint,
      access_key_id: server.accessKeyId,
      secret_access_key: server.secretAccessKey,
      bucket: 'streams',
      region: '',
      use_ssl: false,
    },
    { logger },
  );
  // Warm up the client (lazy modules, connections) so the measurement below sees only the transfer.
  await filesystem.write('/warmup.bin', chunks(9, createHash('sha256')));
  for await (const _chunk of (await filesystem.read('/warmup.bin'))!) void _chunk;
});

afterAll(async () => {
  filesystem.close();
  await server.stop();
});

it('uploads and downloads 50 MB without holding it in memory', async () => {
  const sent = createHash('sha256');
  const baseline = liveBytes();
  let uploadPeak = 0;
  const result = await filesystem.write(
    '/big/movie.bin',
    chunks(50, sent, (i) => {
      if (i % 3 === 0) uploadPeak = Math.max(uploadPeak, liveBytes() - baseline);
    }),
  );
  expect(result).toEqual({ created: true, size: 50 * MiB });
  expect(await filesystem.stat('/big/movie.bin')).toMatchObject({ size: 50 * MiB });

  const received = createHash('sha256');
  const body = await filesystem.read('/big/movie.bin');
  expect(body).toBeInstanceOf(Readable);
  let size = 0;
  let downloadPeak = 0;
  let index = 0;
  for await (const chunk of body as Readable) {
    received.update(chunk as Buffer);
    size += (chunk as Buffer).length;
    if (index++ % 50 === 0) downloadPeak = Math.max(downloadPeak, liveBytes() - baseline);
  }
  expect(size).toBe(50 * MiB);
  expect(received.digest('hex')).toBe(sent.digest('hex'));
  // One 8 MiB part buffer plus in-flight chunks; buffering the file would be 50 MB or more.
  expect(uploadPeak).toBeLessThan(30 * MiB);
  expect(downloadPeak).toBeLessThan(30 * MiB);
  expect(liveBytes() - baseline).toBeLessThan(30 * MiB);
});

it('uploads a stream of exactly one part and of part size plus a byte', async () => {
  const exact = createHash('sha256');
  expect(await filesystem.write('/exact.bin', chunks(PART_SIZE / MiB, exact))).toEqual({ created: true, size: PART_SIZE });
  const plusOne = Readable.from([Buffer.alloc(PART_SIZE, 3), Buffer.from([9])]);
  expect(await filesystem.write('/plus-one.bin', plusOne)).toEqual({ created: true, size: PART_SIZE + 1 });
  const body = await filesystem.read('/plus-one.bin');
  const all: Buffer[] = [];
  for await (const chunk of body!) all.push(chunk as Buffer);
  const joined = Buffer.concat(all);
  expect(joined.length).toBe(PART_SIZE + 1);
  expect(joined[PART_SIZE]).toBe(9);
  expect(joined[PART_SIZE - 1]).toBe(3);
});

it('abandons a multipart upload whose source fails', async () => {
  const source = Readable.from(
    (function* () {
      for (let i = 0; i < 12; i++) yield Buffer.alloc(MiB, i);
      throw new Error('camera unplugged');
    })(),
  );
  await expect(filesystem.write('/broken/big.bin', source)).rejects.toThrow(/camera unplugged/);
  expect(await filesystem.stat('/broken/big.bin')).toBeNull();
  expect(await filesystem.list('/broken/**')).toEqual([]);
  // s3rver answers AbortMultipartUpload with 405 (a real service drops the parts); the failed abort is logged.
  expect(logger.entries).toContainEqual(expect.objectContaining({ level: 'warn', message: 'Aborting a multipart upload failed', fields: expect.objectContaining({ key: 'broken/big.bin' }) }));
});
