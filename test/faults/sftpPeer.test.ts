import * as assert from 'node:assert/strict';
import { Client, SftpProtocolError, TimeoutError } from '../../src/client';
import { SftpPool } from '../../src/files/sftpPool';
import { FakePeer, FakeServer, sftpPacket, sftpVersion, u32 } from '../support/fakeServer';
import { openFds, socketsBackTo } from '../support/sockets';
import { failure } from './helpers';

/** SSH_FXP_ATTRS (type 105) of a regular file of `size` bytes, for request `id`. */
function attrsReply(id: number, size: number): Buffer {
  const flags = u32(0x1 | 0x4);
  const sizeField = Buffer.alloc(8);
  sizeField.writeBigUInt64BE(BigInt(size));
  return sftpPacket({ type: 105, id, payload: Buffer.concat([flags, sizeField, u32(0o100644)]) });
}

/** The id of the SFTP request at the front of `chunk` (after its length and type). */
const requestId = (chunk: Buffer): number => chunk.readUInt32BE(5);

/** The ids of every whole SFTP request in `chunk` (pipelined requests arrive together). */
function requestIds(chunk: Buffer): number[] {
  const ids: number[] = [];
  for (let at = 0; at + 9 <= chunk.length; at += 4 + chunk.readUInt32BE(at)) {
    ids.push(chunk.readUInt32BE(at + 5));
  }
  return ids;
}

/**
 * The SFTP client (`SftpSession`, and the pool the `lxd:` file system keeps) against a fake peer on
 * a unix socket that switches to `sftp` and then misbehaves: a clear error, no hang, no crash, and
 * the pool opens a fresh session next time.
 */
describe('An SFTP peer that misbehaves', function () {
  let fake: FakeServer | undefined;
  let client: Client | undefined;
  let before: ReturnType<typeof openFds>;

  /** A fake that answers INIT with `version` and then runs `after` on what the client sends. */
  async function serve(script: (peer: FakePeer, init: Buffer) => void | Promise<void>): Promise<Client> {
    before = openFds();
    fake = await FakeServer.start({
      listen: 'unix',
      handler: async (req, peer) => {
        const init = peer.nextData();
        await peer.switchProtocols(req);
        await script(peer, await init);
      },
    });
    client = Client.unix(fake.socketPath, { retry: { attempts: 1, initialMs: 1, maxMs: 1 } });
    return client;
  }

  afterEach(async () => {
    await client?.close();
    await fake?.close();
    client = fake = undefined;
    await socketsBackTo(before);
  });

  it('a packet length of 0xFFFFFFFF is a protocol error that closes the session at once, with nothing allocated for it', async () => {
    const c = await serve((peer) => peer.write(Buffer.concat([u32(0xffffffff), Buffer.alloc(64)])));
    const { error, ms } = await failure(c.sftp.open('x'));
    assert.ok(error instanceof SftpProtocolError, `${error.name}: ${error.message}`);
    assert.match(error.message, /a packet of 4294967295 bytes announced \(at most 262144 accepted\)/);
    assert.ok(ms < 2_000, `${ms} ms`);
  });

  it('a packet length below the type byte is a protocol error, not an exception in a socket handler', async () => {
    const c = await serve((peer) => peer.write(u32(0)));
    const { error } = await failure(c.sftp.open('x'));
    assert.ok(error instanceof SftpProtocolError, `${error.name}: ${error.message}`);
    assert.match(error.message, /a packet of 0 bytes announced/);
  });

  it('a server that speaks another version is refused', async () => {
    const c = await serve((peer) => peer.write(sftpVersion(6)));
    const { error } = await failure(c.sftp.open('x'));
    assert.match(error.message, /version 6, this client only version 3/);
  });

  it('packets split into single bytes are put back together', async () => {
    const c = await serve(async (peer) => {
      peer.onData((chunk) => void peer.writeSplit(attrsReply(requestId(chunk), 1234), 1));
      await peer.writeSplit(sftpVersion(3), 1);
    });
    const session = await c.sftp.open('x');
    try {
      const st = await session.stat('/f');
      assert.deepEqual([st.type, st.size], ['file', 1234]);
    } finally {
      session.close();
    }
  });

  it('a request that is never answered times out and closes the session; the pool then opens a fresh one', async () => {
    let sessions = 0;
    const c = await serve(async (peer) => {
      sessions++;
      const mine = sessions;
      // The first session never answers a request; the next ones answer everything.
      peer.onData((chunk) => mine > 1 && requestIds(chunk).forEach((id) => void peer.write(attrsReply(id, 7))));
      await peer.write(sftpVersion(3));
    });
    const pool = new SftpPool();
    try {
      const { error, ms } = await failure(pool.use('k', c, 'x', 'default', (s) => s.stat('/f', { timeoutMs: 500 })));
      assert.ok(error instanceof TimeoutError, `${error.name}: ${error.message}`);
      assert.ok(ms < 3_000, `${ms} ms`);
      // Two operations at once after the break share one new session.
      const [a, b] = await Promise.all([
        pool.use('k', c, 'x', 'default', (s) => s.stat('/a')),
        pool.use('k', c, 'x', 'default', (s) => s.stat('/b')),
      ]);
      assert.deepEqual([a.size, b.size], [7, 7]);
      assert.equal(sessions, 2, 'one new session for both');
      assert.equal(pool.size, 1);
    } finally {
      pool.dispose();
    }
  });
});
