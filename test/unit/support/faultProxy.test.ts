import * as assert from 'node:assert/strict';
import { once } from 'node:events';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { FaultProxy } from '../../support/faultProxy';
import { quietFor, received } from './streams';

/** An upstream on loopback: echoes what it gets, or first sends `greeting`; counts its connections. */
class Upstream {
  connections = 0;
  readonly got: Buffer[] = [];
  readonly sockets = new Set<net.Socket>();

  private constructor(
    readonly server: net.Server,
    readonly address: string,
  ) {}

  static async start(opts: { greeting?: Buffer; unix?: string } = {}): Promise<Upstream> {
    const server = net.createServer();
    if (opts.unix) {
      await new Promise<void>((r) => server.listen(opts.unix, r));
    } else {
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    }
    const address = opts.unix ?? `127.0.0.1:${(server.address() as net.AddressInfo).port}`;
    const up = new Upstream(server, address);
    server.on('connection', (s) => {
      up.connections++;
      up.sockets.add(s);
      s.on('error', () => undefined);
      s.once('close', () => up.sockets.delete(s));
      if (opts.greeting) {
        s.write(opts.greeting);
      }
      s.on('data', (d: Buffer) => {
        up.got.push(d);
        if (!opts.greeting) {
          s.write(d);
        }
      });
    });
    return up;
  }

  close(): Promise<void> {
    this.sockets.forEach((s) => s.destroy());
    return new Promise((r) => this.server.close(() => r()));
  }
}

function connect(proxy: FaultProxy): net.Socket {
  const s = proxy.address.startsWith('/') ? net.connect(proxy.address) : net.connect(proxy.port, '127.0.0.1');
  s.on('error', () => undefined);
  return s;
}

describe('The fault proxy (test support)', () => {
  let up: Upstream;
  let proxy: FaultProxy;
  const clients: net.Socket[] = [];
  const open = (): net.Socket => {
    const s = connect(proxy);
    clients.push(s);
    return s;
  };

  async function start(greeting?: string): Promise<void> {
    up = await Upstream.start({ greeting: greeting === undefined ? undefined : Buffer.from(greeting) });
    proxy = await FaultProxy.start(up.address);
  }

  afterEach(async () => {
    clients.splice(0).forEach((c) => c.destroy());
    await proxy?.close();
    await up?.close();
  });

  it('passes bytes both ways on a loopback port the kernel picked, and counts its connections back to zero', async () => {
    await start();
    assert.match(proxy.address, /^127\.0\.0\.1:\d+$/);
    assert.notEqual(proxy.port, 0);
    const c = open();
    c.write('hello');
    assert.equal((await received(c, 5)).toString(), 'hello');
    assert.equal(proxy.open, 1);
    assert.equal(proxy.accepted, 1);
    c.end();
    await proxy.until((p) => p.open === 0, 'the connection to close');
  });

  it('cuts both sides once N bytes went down', async () => {
    await start('abcdefghij');
    proxy.set({ kind: 'cut', afterBytes: 4, direction: 'down' });
    const c = open();
    const closed = once(c, 'close');
    const got = await received(c, 4);
    await closed;
    assert.equal(got.toString(), 'abcd');
    await proxy.until((p) => p.open === 0, 'the proxy to let go');
  });

  it('cuts both sides once N bytes went up', async () => {
    await start();
    proxy.set({ kind: 'cut', afterBytes: 3, direction: 'up' });
    const c = open();
    const closed = once(c, 'close');
    c.write('hello world');
    await closed;
    assert.equal(Buffer.concat(up.got).toString(), 'hel');
  });

  it('stalls: accepts, never contacts the daemon, never answers, never closes', async () => {
    await start('never');
    proxy.set({ kind: 'stall' });
    const c = open();
    await proxy.until((p) => p.accepted === 1, 'the accept');
    c.write('anyone?');
    assert.ok(await quietFor(c, 'data', 300), 'nothing came back');
    assert.equal(up.connections, 0);
    assert.ok(!c.destroyed && c.readyState === 'open', 'the client is still connected');
    assert.equal(proxy.open, 1);
    // A later pass does not revive a stalled connection; the client giving up closes it.
    proxy.set({ kind: 'pass' });
    assert.ok(await quietFor(c, 'data', 100));
    c.destroy();
    await proxy.until((p) => p.open === 0, 'the stalled connection to be let go');
  });

  it('resets new connections, and resetAll resets the open ones', async () => {
    await start();
    const first = open();
    first.write('x');
    await received(first, 1);
    proxy.resetAll();
    const [err] = (await once(first, 'error')) as [NodeJS.ErrnoException];
    assert.equal(err.code, 'ECONNRESET');
    proxy.set({ kind: 'reset' });
    const second = open();
    const [err2] = (await once(second, 'error')) as [NodeJS.ErrnoException];
    assert.equal(err2.code, 'ECONNRESET');
    await proxy.until((p) => p.open === 0, 'no connection left');
  });

  it('slows a direction down to the rate asked for', async () => {
    await start();
    proxy.set({ kind: 'slow', bytesPerSecond: 20_000 });
    const c = open();
    const started = Date.now();
    c.write(Buffer.alloc(10_000, 0x62));
    // 10 kB at 20 kB/s each way (the two directions overlap): about half a second, never less.
    await received(c, 10_000, 10_000);
    assert.ok(Date.now() - started >= 450, `took ${Date.now() - started} ms`);
  });

  it('blackholes after N bytes without closing anything, and delivers the rest once passed again', async () => {
    await start('0123456789');
    proxy.set({ kind: 'blackhole', afterBytes: 6 });
    const c = open();
    assert.equal((await received(c, 6)).toString(), '012345');
    assert.ok(await quietFor(c, 'data', 300), 'nothing more while blackholed');
    assert.ok(!c.destroyed);
    proxy.set({ kind: 'pass' });
    assert.equal((await received(c, 4)).toString(), '6789');
  });

  it("blackholes open connections at once, the client's close included, until passed again", async () => {
    await start();
    const c = open();
    c.write('a');
    await received(c, 1);
    proxy.set({ kind: 'blackhole' });
    c.write('b');
    assert.ok(await quietFor(c, 'data', 300));
    c.destroy();
    // Not read, so not noticed: a sleeping network keeps the daemon's side open.
    assert.equal(proxy.open, 1);
    proxy.set({ kind: 'pass' });
    await proxy.until((p) => p.open === 0, 'the close to come through after the pass');
  });

  it('sits in front of a unix socket, listening on a socket of its own in a temp dir', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lxdx-up-'));
    try {
      up = await Upstream.start({ unix: path.join(dir, 'up.socket') });
      proxy = await FaultProxy.start({ socketPath: up.address });
      assert.ok(proxy.address.startsWith(os.tmpdir()) && proxy.address !== up.address);
      const c = open();
      c.write('via unix');
      assert.equal((await received(c, 8)).toString(), 'via unix');
      await proxy.close();
      assert.ok(!fs.existsSync(proxy.address), 'the proxy removes its socket');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
