/**
 * A DER writer for exactly what a self-signed client certificate needs (X.690): tag, length,
 * content. Every function returns the whole encoded element.
 */

function element(tag: number, content: Buffer): Buffer {
  const n = content.length;
  const length = n < 0x80 ? Buffer.from([n]) : n < 0x100 ? Buffer.from([0x81, n]) : Buffer.from([0x82, n >> 8, n & 0xff]);
  if (n > 0xffff) {
    throw new RangeError('DER element too long');
  }
  return Buffer.concat([Buffer.from([tag]), length, content]);
}

export const sequence = (...items: Buffer[]): Buffer => element(0x30, Buffer.concat(items));
export const set = (...items: Buffer[]): Buffer => element(0x31, Buffer.concat(items));
/** `[n] EXPLICIT`, constructed. */
export const explicit = (n: number, item: Buffer): Buffer => element(0xa0 | n, item);
export const octetString = (bytes: Buffer): Buffer => element(0x04, bytes);
export const utf8String = (text: string): Buffer => element(0x0c, Buffer.from(text, 'utf8'));
export const boolean = (value: boolean): Buffer => element(0x01, Buffer.from([value ? 0xff : 0]));

/** A non-negative INTEGER from big-endian bytes (minimal, with a 0 byte when the high bit is set). */
export function unsignedInteger(bytes: Buffer): Buffer {
  let i = 0;
  while (i < bytes.length - 1 && bytes[i] === 0 && bytes[i + 1] < 0x80) {
    i++;
  }
  const trimmed = bytes.subarray(i);
  return element(0x02, trimmed[0] >= 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed);
}

export const smallInteger = (n: number): Buffer => unsignedInteger(Buffer.from([n]));

/** A BIT STRING of whole bytes, or of `bits` bits (the first ones of `bytes`). */
export function bitString(bytes: Buffer, bits = bytes.length * 8): Buffer {
  const unused = bytes.length * 8 - bits;
  return element(0x03, Buffer.concat([Buffer.from([unused]), bytes]));
}

export function objectId(dotted: string): Buffer {
  const arcs = dotted.split('.').map(Number);
  const out = [40 * arcs[0] + arcs[1]];
  for (const arc of arcs.slice(2)) {
    const base128 = [arc & 0x7f];
    for (let v = Math.floor(arc / 128); v > 0; v = Math.floor(v / 128)) {
      base128.unshift((v & 0x7f) | 0x80);
    }
    out.push(...base128);
  }
  return element(0x06, Buffer.from(out));
}

/** UTCTime through 2049, GeneralizedTime from 2050 (RFC 5280 §4.1.2.5), to the second, in UTC. */
export function time(d: Date): Buffer {
  const digits = d
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/[-:T]/g, '');
  return d.getUTCFullYear() < 2050 ? element(0x17, Buffer.from(digits.slice(2), 'ascii')) : element(0x18, Buffer.from(digits, 'ascii'));
}
