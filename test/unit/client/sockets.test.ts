import * as assert from 'node:assert/strict';
import { socketCandidates } from '../../../src/client';

const paths = (env: Record<string, string | undefined>): string[] => socketCandidates(env).map((c) => `${c.kind} ${c.path} (${c.source})`);

describe("client: where the local daemons' sockets are", () => {
  it('looks where the CLIs look when no variable is set: snap and package LXD, then Incus', () => {
    assert.deepEqual(paths({}), [
      'lxd /var/snap/lxd/common/lxd/unix.socket (snap LXD)',
      'lxd /var/lib/lxd/unix.socket (LXD package)',
      'lxd /var/snap/lxd/common/lxd-user/unix.socket (lxd-user)',
      'incus /run/incus/unix.socket (Incus)',
      'incus /var/lib/incus/unix.socket (Incus)',
      'incus /var/lib/incus/unix.socket.user (incus-user)',
    ]);
  });

  it('puts LXD_SOCKET before LXD_DIR before the defaults, and the same for Incus', () => {
    const env = { LXD_SOCKET: '/tmp/l.sock', LXD_DIR: '/srv/lxd', INCUS_SOCKET: '/tmp/i.sock', INCUS_DIR: '/srv/incus' };
    const list = paths(env);
    assert.deepEqual(list.slice(0, 2), ['lxd /tmp/l.sock (LXD_SOCKET)', 'lxd /srv/lxd/unix.socket (LXD_DIR)']);
    const incus = list.filter((p) => p.startsWith('incus'));
    assert.deepEqual(incus.slice(0, 2), ['incus /tmp/i.sock (INCUS_SOCKET)', 'incus /srv/incus/unix.socket (INCUS_DIR)']);
    assert.equal(list.length, 10);
  });

  it('ignores empty variables', () => {
    assert.deepEqual(paths({ LXD_SOCKET: '', INCUS_DIR: '' }), paths({}));
  });

  it('lists a path once, under the reason that comes first', () => {
    const list = paths({ LXD_DIR: '/var/lib/lxd', INCUS_SOCKET: '/var/lib/incus/unix.socket' });
    assert.equal(list.filter((p) => p.includes(' /var/lib/lxd/unix.socket ')).length, 1);
    assert.ok(list.includes('lxd /var/lib/lxd/unix.socket (LXD_DIR)'));
    assert.ok(list.includes('incus /var/lib/incus/unix.socket (INCUS_SOCKET)'));
    assert.equal(list.filter((p) => p.includes(' /var/lib/incus/unix.socket ')).length, 1);
  });

  it('reads the process environment by default', () => {
    const saved = process.env.LXD_SOCKET;
    process.env.LXD_SOCKET = '/tmp/lxdx-from-env.sock';
    try {
      assert.equal(socketCandidates()[0].path, '/tmp/lxdx-from-env.sock');
    } finally {
      if (saved === undefined) {
        delete process.env.LXD_SOCKET;
      } else {
        process.env.LXD_SOCKET = saved;
      }
    }
  });
});
