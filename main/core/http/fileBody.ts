// File answers whose file may change while they are sent (FFmpeg rewrites playlists and segments all the time).
import { ReadStream } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { once } from 'node:events';
import type { Readable } from 'node:stream';

/**
 * Waits until a lazily opened file stream holds its file, before the status line goes out: a file deleted in
 * between is then a 404, not a connection reset halfway through a 200. Null when the file is gone.
 */
export async function openedBody(data: Buffer | Readable): Promise<Buffer | Readable | null> {
  if (!(data instanceof ReadStream) || !data.pending) return data;
  try {
    await once(data, 'ready');
    return data;
  } catch {
    data.destroy();
    return null;
  }
}

/**
 * A stream of exactly the bytes an open file held when it was measured: a file replaced (renamed over) keeps
 * its old content for this handle, and one that grows meanwhile is cut at the announced Content-Length, so a
 * keep-alive connection never carries more bytes than announced.
 */
export async function sizedStream(handle: FileHandle): Promise<{ size: number; stream: Readable | Buffer }> {
  const { size } = await handle.stat();
  if (size === 0) {
    await handle.close();
    return { size, stream: Buffer.alloc(0) };
  }
  return { size, stream: handle.createReadStream({ start: 0, end: size - 1 }) };
}
