import * as assert from 'node:assert/strict';
import { Client } from '../../src/client';
import { FileErrorKind, fileErrorKind } from '../../src/files/errorKind';
import { listDirectory, readWhole, removePath } from '../../src/files/remote';
import { forEachTarget, useSuite } from '../support/fixtures';
import { testbed } from '../support/testbed';

/**
 * The `lxd:` file system turns a failure into the FileSystemError VS Code acts on (a missing file
 * is offered to be created, a forbidden one is reported as such): checked against what the real
 * daemons answer, not against made-up errors.
 */
forEachTarget('instance file system errors', (target) => {
  const s = useSuite(target);
  let name: string;

  before(async () => {
    name = await s.fx.create('fserr', { start: true });
    await s.client.exec.run(name, { command: ['sh', '-c', 'mkdir -p /tmp/d && echo x > /tmp/f'] });
  });

  const kindOf = async (failing: () => Promise<unknown>): Promise<FileErrorKind> => {
    try {
      await failing();
    } catch (e) {
      return fileErrorKind(e);
    }
    assert.fail('the call did not fail');
  };

  it('says a missing path is not found, for reads, stats, deletes, writes into a missing folder and SFTP renames', async () => {
    assert.equal(await kindOf(() => readWhole(s.client, name, '/tmp/missing')), 'FileNotFound');
    assert.equal(await kindOf(() => s.client.files.stat(name, '/tmp/missing')), 'FileNotFound');
    assert.equal(await kindOf(() => removePath(s.client, name, '/tmp/missing')), 'FileNotFound');
    assert.equal(await kindOf(() => s.client.files.write(name, '/tmp/nodir/x', Buffer.from('y'))), 'FileNotFound');
    const sftp = await s.client.sftp.open(name, { project: testbed().project });
    try {
      assert.equal(await kindOf(() => sftp.rename('/tmp/missing', '/tmp/other')), 'FileNotFound');
    } finally {
      sftp.close();
    }
  });

  it('tells a folder read as a file, and a file listed or written into as a folder, without leaving a stream behind', async () => {
    assert.equal(await kindOf(() => readWhole(s.client, name, '/tmp/d')), 'FileIsADirectory');
    // Listing a file drops the file's content unread: that must not end in an unhandled stream error.
    assert.equal(await kindOf(() => listDirectory(s.client, name, '/tmp/f')), 'FileNotADirectory');
    assert.equal(await kindOf(() => s.client.files.write(name, '/tmp/f/x', Buffer.from('y'))), 'FileNotADirectory');
    assert.equal((await s.client.exec.run(name, { command: ['cat', '/tmp/f'] })).stdout.toString(), 'x\n', 'the file is unchanged');
  });

  it('says a path the daemon forbids is not permitted, and a daemon that is not there is unavailable', async () => {
    assert.equal(await kindOf(() => s.client.files.write(name, '/sys/lxdx', Buffer.from('y'))), 'NoPermissions');
    const nowhere = Client.unix('/run/lxdx-nonexistent/unix.socket', { retry: { attempts: 1, initialMs: 1, maxMs: 1 } });
    assert.equal(await kindOf(() => readWhole(nowhere, name, '/tmp/f')), 'Unavailable');
  });
});
