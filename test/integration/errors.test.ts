import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildSync } from 'esbuild';
import { ApiError, Client, InstanceBuilder, TransportError } from '../../src/client';
import { query, queryMaybe } from '../support/cli';
import { forEachTarget, useSuite } from '../support/fixtures';
import { testbed, uniqueName } from '../support/testbed';

forEachTarget('bad input and failures', (target) => {
  const project = testbed().project;
  const s = useSuite(target);

  const instanceNames = (): string[] => query<string[]>(target, '/1.0/instances', project).sort();

  it('refuses an invalid instance name before sending anything', () => {
    // Only names every server refuses: Incus accepts a leading digit ('1abc'), LXD 5.0 does not.
    for (const bad of ['', '12345', '-abc', 'abc-', 'has space', 'under_score', 'a'.repeat(64), 'dot.ted']) {
      assert.throws(() => new InstanceBuilder(bad), TypeError, `"${bad}" is refused`);
    }
  });

  it("reports LXD's own refusal of an invalid name sent directly, and creates nothing", async () => {
    const before = instanceNames();
    await assert.rejects(
      s.client.instances.create({ name: 'bad_name!', source: { type: 'image', alias: testbed().image } }).wait(),
      (e: unknown) => e instanceof ApiError && e.status === 400 && /name/i.test(e.message),
    );
    assert.deepEqual(instanceNames(), before);
  });

  it('says an instance does not exist with a 404 ApiError', async () => {
    const missing = uniqueName('missing');
    await assert.rejects(
      s.client.instances.get(missing),
      (e: unknown) => e instanceof ApiError && e.isNotFound && /not found/i.test(e.message),
    );
    await assert.rejects(s.client.instances.start(missing).wait(), (e: unknown) => e instanceof ApiError && e.isNotFound);
    await assert.rejects(s.client.instances.delete(missing).wait(), (e: unknown) => e instanceof ApiError && e.isNotFound);
  });

  it('refuses an unknown image without creating the instance', async () => {
    const name = uniqueName('noimage');
    await assert.rejects(s.client.instances.create(new InstanceBuilder(name).image({ alias: 'lxdx-no-such-image' })).wait(), ApiError);
    assert.equal(queryMaybe(target, `/1.0/instances/${name}`, project), undefined);
  });

  it('refuses an unknown state action with a 400', async () => {
    const name = await s.fx.create('badaction');
    await assert.rejects(
      s.client.instances.setState(name, { action: 'explode' as 'start' }).wait(),
      (e: unknown) => e instanceof ApiError && e.status === 400,
    );
    assert.equal(query<{ status: string }>(target, `/1.0/instances/${name}`, project).status, 'Stopped');
  });

  it('names a socket path that does not exist and suggests the daemon is not running', async () => {
    const c = Client.unix('/run/lxdx-nonexistent/unix.socket', { retry: { attempts: 1, initialMs: 1, maxMs: 1 } });
    await assert.rejects(c.instances.list(), (e: unknown) => {
      assert.ok(e instanceof TransportError);
      assert.equal(e.code, 'ENOENT');
      assert.match(e.message, /\/run\/lxdx-nonexistent\/unix\.socket/);
      assert.match(e.message, /not exist/);
      return true;
    });
  });

  it('explains a socket the user may not open: permission denied and which group grants it', async function () {
    this.timeout(30_000);
    if (process.getuid?.() !== 0) {
      this.skip();
    }
    // Root ignores file permissions, so run the client as `nobody` in a child process. The client is
    // bundled into one file in the temp folder: `nobody` may not be able to read the checkout.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lxdx-eacces-'));
    const script = path.join(dir, 'run.js');
    fs.writeFileSync(
      path.join(dir, 'entry.js'),
      `const { Client } = require(${JSON.stringify(path.resolve(__dirname, '../../src/client/index.js'))});
       Client.unix(${JSON.stringify(target.socket)}, { retry: { attempts: 1, initialMs: 1, maxMs: 1 } }).instances.list()
         .then(() => { console.log(JSON.stringify({ ok: true })); process.exit(0); })
         .catch((e) => { console.log(JSON.stringify({ name: e.name, code: e.code, message: e.message })); process.exit(0); });`,
    );
    buildSync({ entryPoints: [path.join(dir, 'entry.js')], bundle: true, platform: 'node', outfile: script, logLevel: 'error' });
    fs.chmodSync(dir, 0o755);
    fs.chmodSync(script, 0o644);
    const out = await new Promise<string>((resolve, reject) =>
      execFile(process.execPath, [script], { uid: 65534, gid: 65534 }, (err, stdout, stderr) =>
        err ? reject(new Error(stderr || String(err))) : resolve(stdout),
      ),
    );
    fs.rmSync(dir, { recursive: true, force: true });
    const result = JSON.parse(out) as { name?: string; code?: string; message?: string; ok?: boolean };
    assert.equal(result.name, 'TransportError');
    assert.equal(result.code, 'EACCES');
    assert.match(result.message ?? '', /permission denied/i);
    assert.match(result.message ?? '', /group|root/);
  });

  it('reports a daemon that goes away mid-request, or under an open shell, as a Transport error, and changes nothing', async () => {
    // A relay socket in front of the real daemon, torn down while a request waits for an answer.
    const relay = path.join(os.tmpdir(), `lxdx-relay-${process.pid}.sock`);
    fs.rmSync(relay, { force: true });
    const conns = new Set<net.Socket>();
    const server = net.createServer((downstream) => {
      const upstream = net.connect(target.socket);
      conns.add(downstream).add(upstream);
      downstream.pipe(upstream).pipe(downstream);
      downstream.on('error', () => undefined);
      upstream.on('error', () => undefined);
    });
    await new Promise<void>((r) => server.listen(relay, r));
    const name = await s.fx.create('away', { start: true });
    const viaRelay = Client.unix(relay, { project, retry: { attempts: 1, initialMs: 1, maxMs: 1 } });
    const sleeper = await viaRelay.exec.spawn(name, { command: ['sleep', '20'] });
    const waiting = sleeper.operation.wait();
    // An interactive shell (what a terminal holds) learns it too: its exit is a Transport error.
    const shell = await viaRelay.exec.pty(name, { command: ['sh'], width: 80, height: 24 });
    setImmediate(() => {
      server.close();
      conns.forEach((s) => s.destroy());
    });
    await assert.rejects(waiting, (e: unknown) => {
      assert.ok(e instanceof TransportError, `got ${(e as Error).name}: ${(e as Error).message}`);
      assert.match(e.message, /closed during the request|Cannot connect/);
      return true;
    });
    await assert.rejects(shell.exit, (e: unknown) => e instanceof TransportError);
    assert.equal(query<{ status: string }>(target, `/1.0/instances/${name}`, project).status, 'Running');
    fs.rmSync(relay, { force: true });
  });
});
