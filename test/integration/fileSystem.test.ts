import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ApiError, SftpError } from '../../src/client';
import { writeAtomic } from '../../src/files/atomic';
import { InstanceFiles } from '../../src/files/instanceFiles';
import { listDirectory, pathInfo, readWhole, removePath } from '../../src/files/remote';
import { download, uploadFile } from '../../src/files/transfer';
import { cli } from '../support/cli';
import { forEachTarget, useSuite } from '../support/fixtures';
import { testbed } from '../support/testbed';

/** The operations behind the `lxd:` file system, against the real daemons. */
forEachTarget('instance file system', (target) => {
  const s = useSuite(target);
  let name: string;
  const files = new InstanceFiles();
  const onSftp = () => files.onSftp(s.client, { connectionId: target.name, project: testbed().project, instance: name });

  before(async () => {
    name = await s.fx.create('fs', { start: true });
  });
  after(() => files.dispose());

  const sh = async (script: string): Promise<string> =>
    (await s.client.exec.run(name, { command: ['sh', '-c', script] })).stdout.toString().trim();

  it('saving over a file keeps its owner, group and mode (checked with the CLI)', async () => {
    await sh('printf old > /tmp/owned.txt && chown 1000:1000 /tmp/owned.txt && chmod 0640 /tmp/owned.txt');
    const existing = await s.client.files.stat(name, '/tmp/owned.txt');
    await writeAtomic(s.client, onSftp(), name, '/tmp/owned.txt', Buffer.from('new content\n'), { existing });
    assert.equal(await sh('stat -c "%u %g %a" /tmp/owned.txt; cat /tmp/owned.txt'), '1000 1000 640\nnew content');
    const pulled = cli(target, ['file', 'pull', '--project', testbed().project, `${name}/tmp/owned.txt`, '-']);
    assert.equal(pulled, 'new content\n');
  });

  it('a new file gets the requested mode and the owner of its directory', async () => {
    await sh('mkdir -p /tmp/userdir && chown 1000:1000 /tmp/userdir');
    await writeAtomic(s.client, onSftp(), name, '/tmp/userdir/new.sh', Buffer.from('#!/bin/sh\n'), { mode: 0o755 });
    assert.equal(await sh('stat -c "%u %g %a" /tmp/userdir/new.sh'), '1000 1000 755');
  });

  it('reads a file whole, byte-exact, into the buffer of the announced size', async () => {
    await sh('head -c 3000000 /dev/urandom > /tmp/rnd');
    const sum = (await sh('sha256sum /tmp/rnd')).split(' ')[0];
    const data = await readWhole(s.client, name, '/tmp/rnd');
    assert.equal(data.length, 3000000);
    assert.equal(crypto.createHash('sha256').update(data).digest('hex'), sum);
    await sh('ln -sf /tmp/rnd /tmp/rnd-link && ln -sf rnd-link /tmp/rnd-link2');
    assert.equal((await readWhole(s.client, name, '/tmp/rnd-link2')).length, 3000000, 'symlinks are followed');
    await assert.rejects(readWhole(s.client, name, '/tmp'), /is a directory/);
  });

  it('lists a directory with types, and tells a symlink and what it points at', async () => {
    await sh(
      'mkdir -p /tmp/ls/sub && echo x > /tmp/ls/f && ln -s /tmp/ls/sub /tmp/ls/to-dir && ln -s f /tmp/ls/to-file && ln -s /nowhere /tmp/ls/dangling',
    );
    const entries = new Map(await listDirectory(s.client, name, '/tmp/ls'));
    assert.deepEqual([...entries.keys()].sort(), ['dangling', 'f', 'sub', 'to-dir', 'to-file']);
    assert.equal(entries.get('f')?.stat.type, 'file');
    assert.equal(entries.get('sub')?.stat.type, 'directory');
    assert.equal(entries.get('to-dir')?.stat.type, 'symlink');
    assert.equal(entries.get('to-dir')?.target?.stat.type, 'directory');
    assert.equal(entries.get('to-file')?.target?.path, '/tmp/ls/f');
    assert.equal(entries.get('to-file')?.target?.stat.type, 'file');
    assert.equal(entries.get('dangling')?.stat.type, 'symlink');
    assert.equal(entries.get('dangling')?.target, undefined);
    const info = await pathInfo(s.client, name, '/tmp/ls/f');
    assert.ok(info.stat.modified && Math.abs(info.stat.modified.getTime() - Date.now()) < 3600_000, 'the modification time is read');
  });

  it('deletes a non-empty directory tree recursively', async () => {
    await sh(
      'mkdir -p /tmp/tree/a/b/c && for i in 1 2 3; do echo $i > /tmp/tree/a/f$i; echo $i > /tmp/tree/a/b/c/g$i; done && ln -s /etc /tmp/tree/a/etc-link',
    );
    await assert.rejects(removePath(s.client, name, '/tmp/tree'), (e: unknown) => e instanceof ApiError);
    await removePath(s.client, name, '/tmp/tree', { recursive: true });
    assert.equal(await sh('test -e /tmp/tree && echo present || echo gone'), 'gone');
    assert.equal(await sh('test -d /etc && echo kept'), 'kept', 'a symlink in the tree is removed, not followed');
  });

  it('renames files and whole directories over SFTP, keeping owner and mode', async () => {
    await sh('mkdir -p /tmp/mv/d && echo hi > /tmp/mv/d/x && chown -R 1000:1000 /tmp/mv/d && chmod 0600 /tmp/mv/d/x');
    const sftp = await s.client.sftp.open(name);
    try {
      await sftp.rename('/tmp/mv/d', '/tmp/mv/e');
      await sftp.rename('/tmp/mv/e/x', '/tmp/mv/e/y');
      await assert.rejects(sftp.rename('/tmp/mv/missing', '/tmp/mv/z'), (e: unknown) => e instanceof SftpError && e.code === 2);
    } finally {
      sftp.close();
    }
    assert.equal(await sh('ls /tmp/mv; stat -c "%u %g %a" /tmp/mv/e/y; cat /tmp/mv/e/y'), 'e\n1000 1000 600\nhi');
  });

  it('lists a directory over SFTP with owner, mode, size and type, and stats through symlinks', async () => {
    await sh(
      'mkdir -p /tmp/sl/sub && printf 12345 > /tmp/sl/f && chown 1000:1000 /tmp/sl/f && chmod 0640 /tmp/sl/f && ln -s /tmp/sl/sub /tmp/sl/to-dir && ln -s /nowhere /tmp/sl/dangling',
    );
    const sftp = await s.client.sftp.open(name);
    try {
      const entries = new Map((await sftp.readdir('/tmp/sl')).map((e) => [e.name, e.attrs]));
      assert.deepEqual([...entries.keys()].sort(), ['dangling', 'f', 'sub', 'to-dir']);
      const f = entries.get('f');
      assert.deepEqual(
        { type: f?.type, size: f?.size, uid: f?.uid, gid: f?.gid, mode: f?.mode },
        { type: 'file', size: 5, uid: 1000, gid: 1000, mode: 0o640 },
      );
      assert.ok(f?.mtime && Math.abs(f.mtime - Date.now()) < 3600_000, 'mtime is read');
      assert.equal(entries.get('sub')?.type, 'directory');
      assert.equal(entries.get('to-dir')?.type, 'symlink');
      assert.equal((await sftp.stat('/tmp/sl/to-dir')).type, 'directory');
      assert.equal((await sftp.lstat('/tmp/sl/to-dir')).type, 'symlink');
      await assert.rejects(sftp.stat('/tmp/sl/dangling'), (e: unknown) => e instanceof SftpError && e.code === 2);
      // Many requests in flight on one session, as the Explorer does for a directory of symlinks.
      const bin = await sftp.readdir('/bin');
      const types = await Promise.all(bin.map((e) => sftp.stat(`/bin/${e.name}`).then((a) => a.type)));
      assert.ok(bin.length > 100 && types.every((t) => t === 'file'), `${bin.length} entries of /bin resolve to files`);
    } finally {
      sftp.close();
    }
  });

  it('uploads and downloads files and trees, streamed, keeping modes', async () => {
    const local = fs.mkdtempSync(path.join(os.tmpdir(), 'lxdx-fs-'));
    try {
      const src = path.join(local, 'tool.sh');
      fs.writeFileSync(src, crypto.randomBytes(5 * 1024 * 1024));
      fs.chmodSync(src, 0o750);
      await sh('mkdir -p /tmp/up');
      await uploadFile(s.client, onSftp(), name, src, '/tmp/up');
      assert.equal(await sh('stat -c "%a %s" /tmp/up/tool.sh'), '750 5242880');
      await sh('ln -s tool.sh /tmp/up/link && mkdir /tmp/up/sub && echo deep > /tmp/up/sub/f');
      const out = path.join(local, 'out');
      fs.mkdirSync(out);
      const dest = await download(s.client, name, '/tmp/up', out);
      assert.equal(dest, path.join(out, 'up'));
      assert.ok(fs.readFileSync(path.join(dest, 'tool.sh')).equals(fs.readFileSync(src)));
      assert.equal(fs.statSync(path.join(dest, 'tool.sh')).mode & 0o777, 0o750);
      assert.equal(fs.readFileSync(path.join(dest, 'sub', 'f'), 'utf8'), 'deep\n');
      assert.ok(fs.lstatSync(path.join(dest, 'link')).isSymbolicLink());
    } finally {
      fs.rmSync(local, { recursive: true, force: true });
    }
  });
});
