import * as assert from 'node:assert/strict';
import { once } from 'node:events';
import * as http from 'node:http';
import * as https from 'node:https';
import * as net from 'node:net';
import WebSocket from 'ws';
import { generateClientCertificate } from '../../../src/client';
import { FakeServer, sftpPacket, sftpVersion, u32 } from '../../support/fakeServer';
import { quietFor } from './streams';

/** A GET over the fake server's unix socket; resolves with the status and the whole body. */
function get(fake: FakeServer, reqPath: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ socketPath: fake.socketPath, path: reqPath, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

function websocket(fake: FakeServer, opts: WebSocket.ClientOptions = {}): WebSocket {
  const ws = new WebSocket(`ws+unix://${fake.socketPath}:/1.0/events`, opts);
  ws.on('error', () => undefined);
  return ws;
}

describe('The fake server (test support)', () => {
  let fake: FakeServer | undefined;
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });

  it('answers each request as scripted, records the requests, and can be re-scripted between them', async () => {
    fake = await FakeServer.start({ listen: 'unix', handler: (_req, peer) => peer.respond(200, '{"type":"sync", nope') });
    assert.deepEqual(await get(fake, '/1.0'), { status: 200, body: '{"type":"sync", nope' });
    fake.handle((req, peer) => peer.sync({ asked: req.path }));
    assert.equal(JSON.parse((await get(fake, '/1.0/instances?recursion=1')).body).metadata.asked, '/1.0/instances?recursion=1');
    assert.deepEqual(
      fake.requests.map((r) => `${r.method} ${r.path}`),
      ['GET /1.0', 'GET /1.0/instances?recursion=1'],
    );
  });

  it('announces a body larger than it sends, then closes', async () => {
    fake = await FakeServer.start({ listen: 'unix', handler: (_req, peer) => peer.stream(200, 10_000_000, { sent: 100_000 }) });
    const res = await new Promise<http.IncomingMessage>((resolve) =>
      http.get({ socketPath: fake!.socketPath, path: '/big', agent: false }, resolve),
    );
    assert.equal(res.headers['content-length'], '10000000');
    let got = 0;
    res.on('data', (c: Buffer) => (got += c.length));
    const [err] = (await once(res, 'error').catch((e: Error) => [e])) as [Error];
    assert.match(err.message, /aborted/);
    assert.equal(got, 100_000);
  });

  it('answers an upgrade with a 200, closes before the 101, or never answers it', async () => {
    fake = await FakeServer.start({ listen: 'unix', handler: (_req, peer) => peer.json(200, { type: 'sync', metadata: {} }) });
    const refused = websocket(fake);
    const [, res] = (await once(refused, 'unexpected-response')) as [unknown, http.IncomingMessage];
    assert.equal(res.statusCode, 200);
    refused.terminate();

    fake.handle((_req, peer) => peer.destroy());
    const [err] = (await once(websocket(fake).removeAllListeners('error'), 'error')) as [Error];
    assert.match(err.message, /socket hang up/);

    fake.handle(() => undefined);
    const hanging = websocket(fake);
    assert.ok(await quietFor(hanging, 'open', 300), 'no 101 ever comes');
    assert.equal(fake.open, 1);
    hanging.terminate();
  });

  it('accepts a websocket that never sends, or that sends a frame larger than the client allows', async () => {
    fake = await FakeServer.start({ listen: 'unix', handler: (req, peer) => peer.switchProtocols(req) });
    const silent = websocket(fake);
    await once(silent, 'open');
    assert.ok(await quietFor(silent, 'message', 300), 'nothing is sent');
    silent.terminate();

    fake.handle(async (req, peer) => {
      await peer.switchProtocols(req);
      await peer.frame({ opcode: 'text', payload: 'x'.repeat(2048) });
    });
    const small = websocket(fake, { maxPayload: 1024 }).removeAllListeners('error');
    const [err] = (await once(small, 'error')) as [Error & { code?: string }];
    assert.equal(err.code, 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH', 'ws refuses the frame as too big');
  });

  it('speaks raw SFTP after a 101: packets with any length field, split anywhere', async () => {
    const huge = sftpPacket({ type: 103, id: 1, payload: u32(7), length: 0xffffffff });
    fake = await FakeServer.start({
      listen: 'unix',
      handler: async (req, peer) => {
        await peer.switchProtocols(req);
        const init = await peer.nextData();
        assert.deepEqual([...init.subarray(0, 5)], [0, 0, 0, 5, 1], 'INIT, length 5');
        await peer.write(sftpVersion(3));
        await peer.writeSplit(huge, 3);
      },
    });
    const s = net.connect(fake.socketPath);
    let all = Buffer.alloc(0);
    const arrived = (n: number): Promise<Buffer> =>
      new Promise((resolve) => {
        const check = (): void => {
          const end = all.indexOf('\r\n\r\n');
          if (end >= 0 && all.length >= end + 4 + n) {
            s.off('data', onData);
            resolve(all);
          }
        };
        const onData = (c: Buffer): void => {
          all = Buffer.concat([all, c]);
          check();
        };
        s.on('data', onData);
        check();
      });
    s.write('GET /1.0/instances/c1/sftp HTTP/1.1\r\nHost: lxd\r\nUpgrade: sftp\r\nConnection: Upgrade\r\n\r\n');
    await arrived(0);
    assert.match(all.toString('latin1'), /^HTTP\/1\.1 101 [^\r]*\r\nupgrade: sftp\r\n/);
    s.write(sftpPacket({ type: 1, payload: u32(3) }));
    const rest = (await arrived(9 + huge.length)).subarray(all.indexOf('\r\n\r\n') + 4);
    assert.deepEqual(rest.subarray(0, 9), sftpVersion(3));
    assert.deepEqual(rest.subarray(9), huge);
    assert.equal(rest.readUInt32BE(9), 0xffffffff);
    s.destroy();
  });

  it('serves TLS on a loopback port with the certificate it is given', async () => {
    const cert = await generateClientCertificate({ commonName: 'lxdx-fake' });
    fake = await FakeServer.start({ tls: { cert: cert.cert, key: cert.key }, handler: (_req, peer) => peer.sync({ ok: true }) });
    assert.match(fake.address, /^127\.0\.0\.1:\d+$/);
    const [host, port] = fake.address.split(':');
    const body = await new Promise<string>((resolve, reject) => {
      https
        .get({ host, port: Number(port), path: '/1.0', rejectUnauthorized: false, agent: false }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve(Buffer.concat(chunks).toString()));
        })
        .on('error', reject);
    });
    assert.equal(JSON.parse(body).metadata.ok, true);
  });
});
