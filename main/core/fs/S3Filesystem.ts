// S3 storage (storage.s3[]): files are objects in one bucket, keyed by their clean path without the leading "/".
import { Readable } from 'node:stream';
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  type BucketLocationConstraint,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import type { S3StorageConfig } from '../config/types.js';
import { matchGlob } from '../glob/glob.js';
import type { Logger } from '../log/Logger.js';
import { cleanPath, InsufficientStorageError, type FileInfo, type Filesystem, type FilesystemUsage, type WriteResult } from './Filesystem.js';
import { uploadStream } from './s3Upload.js';

export interface S3FilesystemOptions {
  /** 0 = no limit. */
  maxBytes?: number;
  logger?: Logger;
  /** Bytes per multipart part (default 8 MiB; S3 needs at least 5 MiB). */
  partSize?: number;
  /** ms before giving up on connecting to the service. */
  connectTimeoutMs?: number;
  now?: () => number;
}

/** The service could not be reached or refused the storage's bucket. */
export class S3StorageError extends Error {}

/** usage() lists the whole bucket, and the API and the limit checks ask for it often. */
const USAGE_TTL_MS = 1500;

export class S3Filesystem implements Filesystem {
  readonly type = 's3' as const;
  private readonly maxBytes: number;
  private readonly now: () => number;
  private usageCache: { at: number; usedBytes: number; files: number } | null = null;
  private usageRefresh: Promise<{ at: number; usedBytes: number; files: number }> | null = null;

  private constructor(
    readonly name: string,
    readonly bucket: string,
    /** The service's URL, e.g. "https://s3.amazonaws.com". */
    readonly endpoint: string,
    private readonly client: S3Client,
    private readonly options: S3FilesystemOptions,
  ) {
    this.maxBytes = Math.max(0, options.maxBytes ?? 0);
    this.now = options.now ?? Date.now;
  }

  /** Connects to the service and creates the bucket when it does not exist (as Core does). */
  static async open(config: S3StorageConfig, options: S3FilesystemOptions = {}): Promise<S3Filesystem> {
    const endpoint = endpointUrl(config);
    if (!config.bucket) throw new S3StorageError(`S3 storage '${config.name}' (endpoint ${endpoint}): no bucket configured`);
    const client = new S3Client(clientConfig(config, endpoint, options));
    const filesystem = new S3Filesystem(config.name, config.bucket, endpoint, client, options);
    try {
      await filesystem.ensureBucket(config.region || 'us-east-1');
    } catch (error) {
      client.destroy();
      throw error;
    }
    return filesystem;
  }

  /** Closes the client's connections. */
  close(): void {
    this.client.destroy();
  }

  async stat(path: string): Promise<FileInfo | null> {
    const clean = cleanPath(path);
    if (clean === null || clean === '/') return null;
    return this.head(clean);
  }

  async read(path: string): Promise<Readable | null> {
    const key = keyOf(path);
    if (key === null) return null;
    try {
      const response = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      const body = response.Body;
      if (body instanceof Readable) return body;
      throw new Error('the response body is not a Node stream');
    } catch (error) {
      if (isNotFound(error)) return null;
      throw this.failed('read', key, error);
    }
  }

  async write(path: string, data: Buffer | Readable): Promise<WriteResult> {
    const clean = cleanPath(path);
    if (clean === null || clean === '/') throw new Error(`invalid path '${path}'`);
    const key = clean.slice(1);
    const previous = await this.head(clean);
    const previousSize = previous?.size ?? 0;
    // The most bytes this file may have without going over the limit.
    let room = Number.POSITIVE_INFINITY;
    if (this.maxBytes > 0) {
      const { usedBytes } = await this.usage();
      room = this.maxBytes - usedBytes + previousSize;
      if (Buffer.isBuffer(data) && data.length > room) throw new InsufficientStorageError('not enough space on device');
    }
    let size: number;
    try {
      if (Buffer.isBuffer(data)) {
        await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: data, ContentLength: data.length }));
        size = data.length;
      } else {
        size = await uploadStream(this.client, { Bucket: this.bucket, Key: key }, data, {
          partSize: this.options.partSize,
          maxBytes: room,
          onAbortFailed: (error) => this.options.logger?.warn('Aborting a multipart upload failed', { storage: this.name, key, error: describe(error) }),
        });
      }
    } catch (error) {
      if (error instanceof InsufficientStorageError) throw error;
      throw this.failed('write', key, error);
    }
    this.adjustUsage(size - previousSize, previous ? 0 : 1);
    return { created: previous === null, size };
  }

  async remove(path: string): Promise<number | null> {
    const clean = cleanPath(path);
    if (clean === null || clean === '/') return null;
    const info = await this.head(clean);
    if (!info) return null;
    const key = clean.slice(1);
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
    } catch (error) {
      if (isNotFound(error)) return null;
      throw this.failed('remove', key, error);
    }
    this.adjustUsage(-info.size, -1);
    return info.size;
  }

  async list(glob?: string): Promise<FileInfo[]> {
    const matches = glob ? matchGlob(glob, '/') : () => true;
    const prefix = glob ? literalPrefix(glob) : '';
    const result: FileInfo[] = [];
    let token: string | undefined;
    do {
      let page;
      try {
        page = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix || undefined, ContinuationToken: token }));
      } catch (error) {
        throw this.failed('list', glob ?? '/', error);
      }
      for (const object of page.Contents ?? []) {
        // Keys other tools wrote that no clean path maps to (folder markers, "a//b", "../x") are not files here.
        if (!object.Key || !isCleanKey(object.Key)) continue;
        const name = '/' + object.Key;
        if (matches(name)) result.push({ name, size: object.Size ?? 0, lastModified: object.LastModified?.getTime() ?? 0 });
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return result;
  }

  async usage(): Promise<FilesystemUsage> {
    let cached = this.usageCache;
    if (!cached || this.now() - cached.at > USAGE_TTL_MS) {
      this.usageRefresh ??= this.list()
        .then((files) => ({ at: this.now(), usedBytes: files.reduce((sum, file) => sum + file.size, 0), files: files.length }))
        .finally(() => {
          this.usageRefresh = null;
        });
      cached = await this.usageRefresh;
      this.usageCache = cached;
    }
    return { usedBytes: cached.usedBytes, limitBytes: this.maxBytes, files: cached.files };
  }

  private async head(clean: string): Promise<FileInfo | null> {
    const key = clean.slice(1);
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return { name: clean, size: head.ContentLength ?? 0, lastModified: head.LastModified?.getTime() ?? 0 };
    } catch (error) {
      if (isNotFound(error)) return null;
      throw this.failed('stat', key, error);
    }
  }

  /** Keeps the cached usage right between refreshes, so back-to-back writes see each other against the limit. */
  private adjustUsage(bytes: number, files: number): void {
    if (this.usageCache) this.usageCache = { ...this.usageCache, usedBytes: Math.max(0, this.usageCache.usedBytes + bytes), files: Math.max(0, this.usageCache.files + files) };
  }

  private async ensureBucket(region: string): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
      return;
    } catch (error) {
      if (!isNotFound(error)) throw this.unavailable('cannot access the bucket', error);
    }
    try {
      // us-east-1 is the default location and must not be named (AWS rejects it as a LocationConstraint).
      const configuration = region === 'us-east-1' ? undefined : { LocationConstraint: region as BucketLocationConstraint };
      await this.client.send(new CreateBucketCommand({ Bucket: this.bucket, CreateBucketConfiguration: configuration }));
      this.options.logger?.info('Created bucket', { storage: this.name, bucket: this.bucket, endpoint: this.endpoint });
    } catch (error) {
      if (errorName(error) === 'BucketAlreadyOwnedByYou') return;
      throw this.unavailable('cannot create the bucket', error);
    }
  }

  private unavailable(what: string, error: unknown): S3StorageError {
    // No HTTP status: the request never got an answer (refused, unresolvable, timed out).
    const problem = statusOf(error) === undefined ? 'cannot reach the service' : what;
    return new S3StorageError(`S3 storage '${this.name}' (endpoint ${this.endpoint}, bucket '${this.bucket}'): ${problem}: ${describe(error)}`, { cause: error });
  }

  private failed(operation: string, target: string, error: unknown): Error {
    return new Error(`S3 storage '${this.name}': ${operation} '${target}' in bucket '${this.bucket}' failed: ${describe(error)}`, { cause: error });
  }
}

/** "http(s)://" + endpoint by use_ssl; an endpoint that already names its scheme is taken as it is. */
function endpointUrl(config: S3StorageConfig): string {
  const endpoint = config.endpoint.trim().replace(/\/+$/, '');
  if (!endpoint) throw new S3StorageError(`S3 storage '${config.name}' (bucket '${config.bucket}'): no endpoint configured`);
  return /^https?:\/\//i.test(endpoint) ? endpoint : `${config.use_ssl ? 'https' : 'http'}://${endpoint}`;
}

function clientConfig(config: S3StorageConfig, endpoint: string, options: S3FilesystemOptions): S3ClientConfig {
  const base: S3ClientConfig = {
    endpoint,
    region: config.region || 'us-east-1',
    // Buckets in the path (endpoint/bucket/key): works with any S3-compatible service and with IP endpoints.
    forcePathStyle: true,
    // Checksums only where S3 demands them: many S3-compatible services reject the newer checksum headers.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    // No socket idle timeout: a download paused by a slow HTTP client must not be cut off.
    requestHandler: { connectionTimeout: options.connectTimeoutMs ?? 5000 },
  };
  if (config.access_key_id || config.secret_access_key) {
    return { ...base, credentials: { accessKeyId: config.access_key_id, secretAccessKey: config.secret_access_key } };
  }
  // No credentials configured: anonymous (unsigned) requests, as Core does, not the SDK's environment lookup.
  return { ...base, credentials: { accessKeyId: '', secretAccessKey: '' }, signer: { sign: async (request) => request } };
}

/** The S3 key for a client path; null when the path leaves the root or names the root itself. */
function keyOf(path: string): string | null {
  const clean = cleanPath(path);
  return clean === null || clean === '/' ? null : clean.slice(1);
}

function isCleanKey(key: string): boolean {
  return key.split('/').every((part) => part !== '' && part !== '.' && part !== '..');
}

/** The part of a glob before its first special character: listed as a key prefix instead of listing the bucket. */
function literalPrefix(glob: string): string {
  if (!glob.startsWith('/')) return '';
  const special = glob.search(/[*?[{\\]/u);
  return glob.slice(1, special < 0 ? undefined : special);
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : '';
}

function isNotFound(error: unknown): boolean {
  const name = errorName(error);
  if (name === 'NotFound' || name === 'NoSuchKey' || name === 'NoSuchBucket') return true;
  return statusOf(error) === 404;
}

function statusOf(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
}

/** SDK errors for bodiless responses (HEAD) carry only a status; network errors only a code. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error instanceof AggregateError && error.errors.length > 0) return error.errors.map(describe).join('; ');
  const status = statusOf(error);
  const code = (error as { code?: unknown }).code;
  const vague = new Set(['', 'Error', 'Unknown', 'UnknownError']);
  const parts: string[] = [];
  if (status) parts.push(`HTTP ${status}`);
  if (!vague.has(error.name)) parts.push(error.name);
  if (typeof code === 'string' && code !== error.name && !error.message.includes(code)) parts.push(code);
  if (!vague.has(error.message) && error.message !== error.name) parts.push(error.message);
  return parts.join(' ') || 'unknown error';
}
