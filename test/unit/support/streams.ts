import type { EventEmitter } from 'node:events';
import type { Readable } from 'node:stream';

/** Resolves with the first `n` bytes a stream delivers; rejects if it ends first or after `timeoutMs`. */
export function received(s: Readable, n: number, timeoutMs = 5_000): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let got = 0;
    const done = (err?: Error): void => {
      clearTimeout(timer);
      s.off('data', onData);
      s.off('close', onClose);
      if (err) {
        reject(err);
      } else {
        resolve(Buffer.concat(chunks).subarray(0, n));
      }
    };
    const onData = (c: Buffer): void => {
      chunks.push(c);
      got += c.length;
      if (got >= n) {
        done();
      }
    };
    const onClose = (): void => done(new Error(`closed after ${got} of ${n} bytes`));
    const timer = setTimeout(() => done(new Error(`${got} of ${n} bytes within ${timeoutMs} ms`)), timeoutMs);
    s.on('data', onData);
    s.once('close', onClose);
  });
}

/**
 * The bounded "nothing happened" check: true when `event` did not fire within `ms`, false as soon
 * as it does.
 */
export function quietFor(emitter: EventEmitter, event: string, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const onEvent = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      emitter.off(event, onEvent);
      resolve(true);
    }, ms);
    emitter.once(event, onEvent);
  });
}
