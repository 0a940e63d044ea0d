import type { Readable } from 'node:stream';
import { RequestContext, TooLargeError } from './errors';

/** The most a JSON reply may hold (a recursive listing of thousands of instances stays well below). */
export const JSON_BODY_LIMIT = 64 * 1024 * 1024;
/** The most of an instance log or console buffer that is read. */
export const LOG_BODY_LIMIT = 64 * 1024 * 1024;
/** The most of a file read into memory (the editor): larger files are downloaded, streamed to disk. */
export const FILE_READ_LIMIT = 1024 * 1024 * 1024;
/** The first buffer of a file read, whatever `Content-Length` announces: it grows as bytes arrive. */
const FIRST_CHUNK = 1024 * 1024;

/**
 * Drops a body unread and lets its socket go. Destroying an undici body makes it emit an abort
 * 'error'; with no listener that error would be thrown from the event loop, so it is listened to here.
 */
export function discard(stream: Readable): void {
  stream.once('error', () => undefined);
  stream.destroy();
}

/**
 * Reads a whole body into one buffer, never more than `limit` bytes: past it the body is destroyed
 * and a TooLargeError names `what`. The buffer grows with what arrives; `announced` (Content-Length)
 * only sizes the first allocation up to 1 MiB, so a peer that announces 10 GB allocates nothing big.
 */
export function readBounded(
  stream: Readable,
  limit: number,
  what: string,
  opts: { announced?: number; context?: RequestContext } = {},
): Promise<Buffer> {
  // 'data' events, not `for await`: a promise per 64 KiB chunk costs a tenth of a 50 MB read.
  return new Promise((resolve, reject) => {
    const first = Math.min(opts.announced && opts.announced > 0 ? opts.announced : FIRST_CHUNK, FIRST_CHUNK, limit);
    let out = Buffer.allocUnsafe(first);
    let at = 0;
    const onData = (chunk: Buffer): void => {
      if (at + chunk.length > limit) {
        stream.off('data', onData);
        discard(stream);
        reject(new TooLargeError(what, limit, opts.context));
        return;
      }
      if (at + chunk.length > out.length) {
        const bigger = Buffer.allocUnsafe(Math.min(limit, Math.max(out.length * 2, at + chunk.length)));
        out.copy(bigger, 0, 0, at);
        out = bigger;
      }
      chunk.copy(out, at);
      at += chunk.length;
    };
    stream.on('data', onData);
    stream.once('end', () => resolve(at === out.length ? out : out.subarray(0, at)));
    stream.once('error', reject);
  });
}

/** A body as UTF-8 text, at most `limit` bytes (see `readBounded`). */
export async function readText(stream: Readable, limit: number, what: string, context?: RequestContext): Promise<string> {
  return (await readBounded(stream, limit, what, { context })).toString('utf8');
}
