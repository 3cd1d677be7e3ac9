// Streams a Readable into one S3 object part by part, so an upload never sits in memory whole.
import type { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  UploadPartCommand,
  type CompletedPart,
  type S3Client,
} from '@aws-sdk/client-s3';
import { InsufficientStorageError } from './Filesystem.js';

/** S3 wants parts of at least 5 MiB (except the last) and at most 10,000 of them. */
export const PART_SIZE = 8 * 1024 * 1024;

export interface StreamUploadOptions {
  /** Bytes per part; PART_SIZE unless a test wants smaller parts. */
  partSize?: number;
  /** The most bytes the object may have; more throws InsufficientStorageError (the upload is aborted). */
  maxBytes?: number;
  /** Told when aborting a failed multipart upload failed too (the service keeps the parts until it expires them). */
  onAbortFailed?: (error: unknown) => void;
}

/**
 * Uploads `source` to `Bucket`/`Key` and returns the bytes written. Sources shorter than one part become a single
 * PutObject; longer ones a multipart upload, aborted when the source, the service or the size limit fails.
 */
export async function uploadStream(client: S3Client, target: { Bucket: string; Key: string }, source: Readable, options: StreamUploadOptions = {}): Promise<number> {
  const partSize = options.partSize ?? PART_SIZE;
  const maxBytes = options.maxBytes ?? Number.POSITIVE_INFINITY;
  const part = new PartBuffer(partSize);
  const parts: CompletedPart[] = [];
  let uploadId: string | undefined;
  let total = 0;

  const sendPart = async (): Promise<void> => {
    if (uploadId === undefined) {
      const created = await client.send(new CreateMultipartUploadCommand(target));
      if (!created.UploadId) throw new Error(`S3 returned no upload id for '${target.Key}'`);
      uploadId = created.UploadId;
    }
    const PartNumber = parts.length + 1;
    // The part buffer is reused for the next part only after this request has completed.
    const sent = await client.send(new UploadPartCommand({ ...target, UploadId: uploadId, PartNumber, Body: part.bytes() }));
    parts.push({ PartNumber, ETag: sent.ETag });
    part.reset();
  };

  try {
    for await (const chunk of source) {
      let data: Buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
      total += data.length;
      if (total > maxBytes) throw new InsufficientStorageError('not enough space on device');
      while (data.length > 0) {
        data = data.subarray(part.fill(data));
        if (part.full) await sendPart();
      }
    }
    if (uploadId === undefined) {
      await client.send(new PutObjectCommand({ ...target, Body: part.bytes(), ContentLength: part.length }));
      return total;
    }
    if (part.length > 0) await sendPart();
    await client.send(new CompleteMultipartUploadCommand({ ...target, UploadId: uploadId, MultipartUpload: { Parts: parts } }));
    return total;
  } catch (error) {
    if (uploadId !== undefined) {
      await client.send(new AbortMultipartUploadCommand({ ...target, UploadId: uploadId })).catch((abortError: unknown) => options.onAbortFailed?.(abortError));
    }
    throw error;
  }
}

/** One part's bytes; grows up to its capacity so small uploads do not allocate a whole part. */
class PartBuffer {
  private buffer = Buffer.alloc(0);
  length = 0;

  constructor(private readonly capacity: number) {}

  get full(): boolean {
    return this.length === this.capacity;
  }

  /** Copies as much of `chunk` as fits and returns how many bytes that was. */
  fill(chunk: Buffer): number {
    const take = Math.min(chunk.length, this.capacity - this.length);
    if (this.length + take > this.buffer.length) {
      const grown = Buffer.allocUnsafe(Math.min(this.capacity, Math.max(64 * 1024, this.buffer.length * 2, this.length + take)));
      this.buffer.copy(grown, 0, 0, this.length);
      this.buffer = grown;
    }
    chunk.copy(this.buffer, this.length, 0, take);
    this.length += take;
    return take;
  }

  bytes(): Buffer {
    return this.buffer.subarray(0, this.length);
  }

  reset(): void {
    this.length = 0;
  }
}
