import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import { Readable } from 'node:stream';
import { ApiError } from '../../src/client';
import { forEachTarget, useSuite } from '../support/fixtures';

forEachTarget('instance files', (target) => {
  const s = useSuite(target);
  let name: string;

  before(async () => {
    name = await s.fx.create('files', { start: true });
  });

  /** What the instance itself says about a path: `stat -c '%u %g %a %F'`. */
  const statInside = async (p: string): Promise<string> =>
    (await s.client.exec.run(name, { command: ['stat', '-c', '%u %g %a %F', p] })).stdout.toString().trim();
  const catInside = async (p: string): Promise<Buffer> => (await s.client.exec.run(name, { command: ['cat', p] })).stdout;

  it('writes a new file with owner, group and mode, and reads it back', async () => {
    await s.client.files.write(name, '/tmp/a.txt', 'hello\n', { uid: 1000, gid: 1000, mode: 0o640 });
    assert.equal(await statInside('/tmp/a.txt'), '1000 1000 640 regular file');
    assert.equal((await s.client.files.readFile(name, '/tmp/a.txt')).toString(), 'hello\n');
    const st = await s.client.files.stat(name, '/tmp/a.txt');
    assert.deepEqual({ type: st.type, uid: st.uid, gid: st.gid, mode: st.mode }, { type: 'file', uid: 1000, gid: 1000, mode: 0o640 });
  });

  it('overwrites an existing file and keeps its owner and mode', async () => {
    await s.client.files.write(name, '/tmp/keep.txt', 'one', { uid: 1000, gid: 1000, mode: 0o600 });
    const before = await s.client.files.stat(name, '/tmp/keep.txt');
    await s.client.files.write(name, '/tmp/keep.txt', 'two', { uid: before.uid, gid: before.gid, mode: before.mode });
    assert.equal((await catInside('/tmp/keep.txt')).toString(), 'two');
    assert.equal(await statInside('/tmp/keep.txt'), '1000 1000 600 regular file');
  });

  it('appends to a file', async () => {
    await s.client.files.write(name, '/tmp/app.txt', 'AAAA\n');
    await s.client.files.write(name, '/tmp/app.txt', 'BB\n', { append: true });
    assert.equal((await catInside('/tmp/app.txt')).toString(), 'AAAA\nBB\n');
  });

  it('round-trips 50 MB of binary data, streamed both ways', async () => {
    const data = crypto.randomBytes(50 * 1024 * 1024);
    await s.client.files.write(name, '/tmp/big.bin', Readable.from([data.subarray(0, 25 << 20), data.subarray(25 << 20)]));
    const sum = (await s.client.exec.run(name, { command: ['sha256sum', '/tmp/big.bin'] })).stdout.toString().split(' ')[0];
    assert.equal(sum, crypto.createHash('sha256').update(data).digest('hex'));
    const back = await s.client.files.readFile(name, '/tmp/big.bin');
    assert.equal(back.length, data.length);
    assert.ok(back.equals(data), 'the bytes read back are the bytes written');
  });

  it('creates directories, lists them sorted, and deletes files and empty directories', async () => {
    await s.client.files.mkdir(name, '/tmp/d1', { mode: 0o755 });
    await s.client.files.write(name, '/tmp/d1/b.txt', 'b');
    await s.client.files.write(name, '/tmp/d1/a.txt', 'a');
    assert.equal(await statInside('/tmp/d1'), '0 0 755 directory');
    assert.deepEqual(await s.client.files.list(name, '/tmp/d1'), ['a.txt', 'b.txt']);
    await s.client.files.delete(name, '/tmp/d1/a.txt');
    await s.client.files.delete(name, '/tmp/d1/b.txt');
    await s.client.files.delete(name, '/tmp/d1');
    const check = await s.client.exec.run(name, { command: ['test', '-e', '/tmp/d1'] });
    assert.equal(check.exitCode, 1, 'the directory is gone');
  });

  it('creates a symlink and reports it as a symlink with its target', async () => {
    await s.client.files.write(name, '/tmp/target.txt', 't');
    await s.client.files.symlink(name, '/tmp/link', '/tmp/target.txt');
    assert.equal(await statInside('/tmp/link'), '0 0 777 symbolic link');
    const entry = await s.client.files.get(name, '/tmp/link');
    assert.equal(entry.type, 'symlink');
    assert.equal(entry.type === 'symlink' && entry.target, '/tmp/target.txt');
  });

  it('reports a missing path as a 404 ApiError', async () => {
    await assert.rejects(s.client.files.readFile(name, '/tmp/does-not-exist'), (e: unknown) => e instanceof ApiError && e.status === 404);
    await assert.rejects(s.client.files.stat(name, '/tmp/does-not-exist'), (e: unknown) => e instanceof ApiError && e.status === 404);
  });
});
