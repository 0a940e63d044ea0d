import * as assert from 'node:assert/strict';
import { Client, TooLargeError } from '../../../src/client';
import { FILE_READ_LIMIT, JSON_BODY_LIMIT, LOG_BODY_LIMIT } from '../../../src/client/body';
import { readWhole } from '../../../src/files/remote';
import { FakeHandler, FakeServer } from '../../support/fakeServer';
import { openFds, socketsBackTo } from '../../support/sockets';

/** Replies that announce or send more than the client reads: bounded, a clear error, no socket kept. */
describe('Bounded reads against a misbehaving peer', function () {
  this.timeout(30_000);
  let fake: FakeServer | undefined;
  let client: Client | undefined;

  const server = { api_extensions: ['instance_file_head'], environment: { server: 'lxd', server_version: '5.0.2' } };

  async function serve(handler: FakeHandler): Promise<Client> {
    fake = await FakeServer.start({
      listen: 'unix',
      handler: (req, peer) => (req.path === '/1.0' ? peer.sync(server) : handler(req, peer)),
    });
    client = Client.unix(fake.socketPath, { retry: { attempts: 1, initialMs: 1, maxMs: 1 } });
    return client;
  }

  afterEach(async () => {
    await client?.close();
    await fake?.close();
    client = fake = undefined;
  });

  it('a file that announces 10 GB and sends 1 MB allocates nothing near 10 GB and fails with the connection', async () => {
    const before = openFds();
    const c = await serve((_req, peer) => peer.stream(200, 10 * 1024 ** 3, { sent: 1024 * 1024, headers: { 'x-lxd-type': 'file' } }));
    const rss = process.memoryUsage().arrayBuffers;
    for (const read of [() => c.files.readFile('c1', '/big'), () => readWhole(c, 'c1', '/big')]) {
      // The peer closed short of what it announced: undici's error, not a RangeError from a 10 GB buffer.
      await assert.rejects(read(), (e: Error) => !(e instanceof RangeError));
    }
    assert.ok(process.memoryUsage().arrayBuffers - rss < 256 * 1024 * 1024, 'no allocation from Content-Length');
    await c.close();
    await fake!.close();
    client = fake = undefined;
    await socketsBackTo(before);
  });

  it('a file past the read limit is refused with a TooLargeError that says to download it', async () => {
    const c = await serve((_req, peer) => peer.stream(200, FILE_READ_LIMIT + 1, { headers: { 'x-lxd-type': 'file' } }));
    const e = await c.files.readFile('c1', '/big').then(
      () => assert.fail('read'),
      (x: Error) => x,
    );
    assert.ok(e instanceof TooLargeError, `${e.name}: ${e.message}`);
    assert.match(e.message, /^\/big \(read into memory; download it instead\) is larger than 1024 MiB/);
  });

  it('a JSON reply past 64 MiB is a TooLargeError, and its socket is let go', async () => {
    const before = openFds();
    const c = await serve((_req, peer) =>
      peer.stream(200, JSON_BODY_LIMIT + 1024 * 1024, { headers: { 'content-type': 'application/json' } }),
    );
    const e = await c.instances.list().then(
      () => assert.fail('listed'),
      (x: Error) => x,
    );
    assert.ok(e instanceof TooLargeError, `${e.name}: ${e.message}`);
    assert.match(e.message, /^The reply is larger than 64 MiB \(GET \/1\.0\/instances/);
    await c.close();
    await fake!.close();
    client = fake = undefined;
    await socketsBackTo(before);
  });

  it('a log past its cap says the log is larger than 64 MiB', async () => {
    const c = await serve((_req, peer) => peer.stream(200, LOG_BODY_LIMIT + 1));
    await assert.rejects(
      c.instances.log('c1', 'lxc.log'),
      (e: Error) => e instanceof TooLargeError && /^The log lxc\.log of c1 is larger than 64 MiB$/.test(e.message),
    );
  });

  it('a file within the limit reads whole, byte for byte', async () => {
    const c = await serve((_req, peer) => peer.stream(200, 3 * 1024 * 1024 + 5, { fill: 0x62, headers: { 'x-lxd-type': 'file' } }));
    const got = await c.files.readFile('c1', '/f');
    assert.equal(got.length, 3 * 1024 * 1024 + 5);
    assert.ok(got.every((b) => b === 0x62));
  });
});
