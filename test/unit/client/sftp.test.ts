import * as assert from 'node:assert/strict';
import { parseAttrs } from '../../../src/client/api/sftp';

/** SFTP v3 ATTRS as a server writes them: flags, then each flagged field in order. */
function attrs(fields: {
  size?: number;
  uid?: number;
  gid?: number;
  perm?: number;
  atime?: number;
  mtime?: number;
  ext?: Array<[string, string]>;
}): Buffer {
  const parts: Buffer[] = [];
  let flags = 0;
  const u32 = (n: number): Buffer => {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(n >>> 0);
    return b;
  };
  const str = (s: string): Buffer => Buffer.concat([u32(Buffer.byteLength(s)), Buffer.from(s)]);
  if (fields.size !== undefined) {
    flags |= 0x1;
    const b = Buffer.alloc(8);
    b.writeBigUInt64BE(BigInt(fields.size));
    parts.push(b);
  }
  if (fields.uid !== undefined) {
    flags |= 0x2;
    parts.push(u32(fields.uid), u32(fields.gid ?? 0));
  }
  if (fields.perm !== undefined) {
    flags |= 0x4;
    parts.push(u32(fields.perm));
  }
  if (fields.mtime !== undefined) {
    flags |= 0x8;
    parts.push(u32(fields.atime ?? 0), u32(fields.mtime));
  }
  if (fields.ext) {
    flags |= 0x80000000;
    parts.push(u32(fields.ext.length), ...fields.ext.flatMap(([k, v]) => [str(k), str(v)]));
  }
  return Buffer.concat([u32(flags), ...parts]);
}

describe('SFTP attributes', () => {
  it('reads type, permission bits, owner, size and mtime of a regular file', () => {
    const b = attrs({ size: 5_000_000_000, uid: 1000, gid: 1001, perm: 0o100640, mtime: 1_700_000_000 });
    const { value, next } = parseAttrs(b, 0);
    assert.deepEqual(value, { type: 'file', size: 5_000_000_000, uid: 1000, gid: 1001, mode: 0o640, mtime: 1_700_000_000_000 });
    assert.equal(next, b.length);
  });

  const types: Array<[number, string]> = [
    [0o040755, 'directory'],
    [0o120777, 'symlink'],
    [0o100644, 'file'],
    [0o020666, 'other'],
    [0o010644, 'other'],
  ];
  for (const [perm, type] of types) {
    it(`tells ${type === 'other' ? 'a device, socket or fifo' : `a ${type}`} from its mode ${perm.toString(8)}`, () =>
      assert.equal(parseAttrs(attrs({ perm }), 0).value.type, type));
  }

  it('keeps set-uid and sticky bits, and skips extended attributes to the next entry', () => {
    const b = Buffer.concat([
      attrs({
        perm: 0o104755,
        ext: [
          ['a@b', 'x'],
          ['c@d', ''],
        ],
      }),
      attrs({ perm: 0o41777 }),
    ]);
    const first = parseAttrs(b, 0);
    assert.equal(first.value.mode, 0o4755);
    const second = parseAttrs(b, first.next);
    assert.deepEqual(second.value, { type: 'directory', mode: 0o1777 });
  });

  it('leaves out what the server did not send', () => {
    assert.deepEqual(parseAttrs(attrs({}), 0).value, { type: 'other' });
  });
});
