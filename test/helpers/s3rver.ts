// Starts an s3rver (an S3-compatible server) on 127.0.0.1 with a temporary data directory, for S3 filesystem tests.
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';

// s3rver is CommonJS without type declarations; this is the part of its API the tests use.
interface S3rverOptions {
  address: string;
  port: number;
  directory: string;
  silent: boolean;
  resetOnClose?: boolean;
  configureBuckets?: Array<{ name: string; configs: Array<string | Buffer> }>;
}
interface S3rverInstance {
  run(): Promise<{ port: number; address: string }>;
  close(): Promise<void>;
}
type S3rverConstructor = new (options: S3rverOptions) => S3rverInstance;

const S3rver = createRequire(import.meta.url)('s3rver') as S3rverConstructor;

export interface TestS3Server {
  /** host:port, without a scheme (as storage.s3[].endpoint). */
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** The data directory (removed by stop()). */
  directory: string;
  stop(): Promise<void>;
}

/** s3rver accepts any credentials; these are the ones its README suggests. */
export async function startS3rver(options: { buckets?: string[] } = {}): Promise<TestS3Server> {
  const directory = await mkdtemp(path.join(tmpdir(), 's3rver-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    directory,
    silent: true,
    configureBuckets: (options.buckets ?? []).map((name) => ({ name, configs: [] })),
  });
  const { port } = await server.run();
  return {
    endpoint: `127.0.0.1:${port}`,
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
    directory,
    stop: async () => {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
