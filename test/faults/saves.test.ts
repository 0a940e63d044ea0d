import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CancelledError, Client, TimeoutError, TransportError } from '../../src/client';
import { InstanceFiles } from '../../src/files/instanceFiles';
import { statIfExists } from '../../src/files/remote';
import { uploadFile } from '../../src/files/transfer';
import { eventually, forEachTarget } from '../support/fixtures';
import { FaultProxy } from '../support/faultProxy';
import { httpsClient } from '../support/remote';
import { openFds, socketsBackTo } from '../support/sockets';
import { testbed } from '../support/testbed';
import { failure, killingDaemon, reliability, shIn, useFaultProxy, useRunningInstance, useTrustedCertificate } from './helpers';

const MB = 1024 * 1024;

/**
 * Saves and uploads of the `lxd:` file system (`InstanceFiles.save`, `uploadFile`: the editor's and
 * the upload command's own code) through a fault proxy in front of the daemon's HTTPS port, and
 * under a daemon killed with SIGKILL: the old file stays byte-identical (sha256 inside the
 * instance), no temporary is left, the error says what happened, and the next save works.
 */
forEachTarget('A save or an upload that fails midway', (target) => {
  const project = testbed().project;
  const instance = useRunningInstance(target, 'faults-save');
  const trusted = useTrustedCertificate(target);
  const faults = useFaultProxy(target);
  let admin: Client;
  let proxy: FaultProxy;
  let client: Client;
  let files: InstanceFiles;
  let baseline: ReturnType<typeof openFds>;
  let dir: string;
  let n = 0;

  beforeEach(async () => {
    baseline = openFds();
    admin = Client.unix(target.socket, { project });
    proxy = faults.proxy;
    client = httpsClient(target, trusted.cert, proxy.url, { retry: { attempts: 1, initialMs: 1, maxMs: 1 } });
    files = new InstanceFiles();
    dir = `/root/save-${++n}`;
    await sh(
      `rm -rf ${dir} && mkdir -p ${dir} && printf original-content > ${dir}/file && chown 1000:1000 ${dir}/file && chmod 0640 ${dir}/file`,
    );
  });
  afterEach(async () => {
    files.dispose();
    await client.close();
    await admin.close();
    // The proxy is closed by now.
    await socketsBackTo(baseline);
  });

  const sh = (script: string): Promise<string> => shIn(admin, instance.name, script);

  const original = crypto.createHash('sha256').update('original-content').digest('hex');
  const sha = async (): Promise<string> => (await sh(`sha256sum ${dir}/file`)).split(/\s+/)[0];
  const temps = async (): Promise<string[]> => (await sh(`ls -a ${dir}`)).split('\n').filter((f) => /\.lxdx-[0-9a-f]+\.tmp$/.test(f));
  const ref = (): { connectionId: string; project: string; instance: string; path: string } => ({
    connectionId: target.name,
    project,
    instance: instance.name,
    path: `${dir}/file`,
  });
  /** The editor's save: the existing file's stat, then the atomic write. */
  const save = async (data: Buffer, opts: { signal?: AbortSignal; idleTimeoutMs?: number } = {}): Promise<void> =>
    files.save(client, ref(), data, { ...opts, existing: await statIfExists(client, instance.name, `${dir}/file`) });
  /** The old file, untouched: its bytes, owner and mode. */
  async function intact(): Promise<void> {
    assert.equal(
      await sh(`sha256sum ${dir}/file | cut -d' ' -f1; stat -c "%u %g %a" ${dir}/file`),
      `${original}\n1000 1000 640`,
      'the old bytes, owner and mode are intact',
    );
  }
  /** The next save goes through and leaves no temporary: recovery, timed from `since`. */
  async function recovers(since: number): Promise<number> {
    const next = crypto.randomBytes(100_000);
    await save(next);
    assert.equal(await sha(), crypto.createHash('sha256').update(next).digest('hex'));
    assert.equal(await sh(`stat -c "%u %g %a" ${dir}/file`), '1000 1000 640', 'owner, group and mode kept');
    assert.deepEqual(await temps(), [], 'no temporary left after the next save');
    return Date.now() - since;
  }

  it('a connection cut after 512 KiB of a 4 MiB save leaves the old file byte-identical, says the connection closed, and the next save works', async () => {
    await client.files.stat(instance.name, dir);
    proxy.set({ kind: 'cut', afterBytes: 512 * 1024, direction: 'up' });
    const { error } = await failure(save(crypto.randomBytes(4 * MB)));
    const failed = Date.now();
    assert.ok(error instanceof TransportError, `${error.name}: ${error.message}`);
    assert.match(error.message, /closed during the request/);
    await intact();
    proxy.set({ kind: 'pass' });
    const ms = await recovers(failed);
    reliability(target, 'save, connection cut after 512 KiB', { intact: true, recoveryMs: ms });
  });

  it('a connection that goes silent midway (a half-open network) is given up after the idle deadline, the old file intact', async () => {
    await client.files.stat(instance.name, dir);
    proxy.set({ kind: 'blackhole', afterBytes: 256 * 1024 });
    const { error, ms } = await failure(save(crypto.randomBytes(4 * MB), { idleTimeoutMs: 2_000 }));
    const failed = Date.now();
    assert.ok(error instanceof TimeoutError, `${error.name}: ${error.message}`);
    assert.match(error.message, /no progress/);
    assert.ok(ms < 15_000, `gave up after ${ms} ms`);
    proxy.set({ kind: 'pass' });
    await intact();
    const back = await recovers(failed);
    reliability(target, 'save, network silent midway', { intact: true, recoveryMs: back });
  });

  it('a reset (RST) in the middle of a save leaves the old file intact and no temporary', async () => {
    await client.files.stat(instance.name, dir);
    proxy.set({ kind: 'blackhole', afterBytes: 1 * MB });
    const pending = failure(save(crypto.randomBytes(8 * MB)));
    await eventually(async () => (await temps()).length > 0, 'the temporary to appear', 20_000, 100);
    proxy.resetAll();
    const { error } = await pending;
    const failed = Date.now();
    assert.ok(error instanceof TransportError, `${error.name}: ${error.message}`);
    proxy.set({ kind: 'pass' });
    await intact();
    const ms = await recovers(failed);
    reliability(target, 'save, connection reset midway', { intact: true, recoveryMs: ms });
  });

  it('a save cancelled midway stops, leaves the old file intact and removes its temporary at once', async () => {
    await client.files.stat(instance.name, dir);
    proxy.set({ kind: 'blackhole', afterBytes: 1 * MB });
    const abort = new AbortController();
    const pending = failure(save(crypto.randomBytes(8 * MB), { signal: abort.signal }));
    await eventually(async () => (await temps()).length > 0, 'the temporary to appear', 20_000, 100);
    abort.abort();
    const { error } = await pending;
    assert.ok(error instanceof CancelledError, `${error.name}: ${error.message}`);
    await intact();
    assert.deepEqual(await temps(), [], 'the temporary was removed by the cancelled save itself');
    proxy.set({ kind: 'pass' });
    reliability(target, 'save, cancelled midway', { intact: true, recoveryMs: await recovers(Date.now()) });
  });

  it('an upload cancelled midway leaves the file it would replace intact', async () => {
    const local = fs.mkdtempSync(path.join(os.tmpdir(), 'lxdx-up-'));
    try {
      const src = path.join(local, 'file');
      fs.writeFileSync(src, crypto.randomBytes(8 * MB));
      proxy.set({ kind: 'blackhole', afterBytes: 1 * MB });
      const abort = new AbortController();
      const pending = failure(uploadFile(client, files.onSftp(client, ref()), instance.name, src, dir, { project, signal: abort.signal }));
      await eventually(async () => (await temps()).length > 0, 'the temporary to appear', 20_000, 100);
      abort.abort();
      const { error } = await pending;
      assert.ok(error instanceof CancelledError, `${error.name}: ${error.message}`);
      await intact();
      assert.deepEqual(await temps(), []);
      proxy.set({ kind: 'pass' });
      await uploadFile(client, files.onSftp(client, ref()), instance.name, src, dir, { project });
      assert.equal(await sha(), crypto.createHash('sha256').update(fs.readFileSync(src)).digest('hex'));
      assert.equal(await sh(`stat -c "%u %g %a" ${dir}/file`), '1000 1000 640', 'the replaced file keeps its owner and mode');
      reliability(target, 'upload, cancelled midway', { intact: true });
    } finally {
      fs.rmSync(local, { recursive: true, force: true });
    }
  });

  it('a daemon killed (SIGKILL) during a save: the old file intact; once it is back the same session saves again and removes what was left', async function () {
    this.timeout(600_000);
    await killingDaemon(target, async (d) => {
      await client.files.stat(instance.name, dir);
      proxy.set({ kind: 'blackhole', afterBytes: 1 * MB });
      const pending = failure(save(crypto.randomBytes(8 * MB)));
      await eventually(async () => (await temps()).length > 0, 'the temporary to appear', 20_000, 100);
      const killed = await d.kill();
      // What the proxy held back flows again, so the daemon's death reaches the client as it would.
      proxy.set({ kind: 'pass' });
      const { error } = await pending;
      assert.ok(error instanceof TransportError, `${error.name}: ${error.message}`);
      await d.start();
      await intact();
      const left = files.leftovers.list(files.key(ref()));
      const ms = await recovers(killed);
      console.log(
        `      [${target.name}] kill -9 during a save: "${error.message}"; ${left.length} temporary left by the failed save, removed by the next one`,
      );
      reliability(target, 'save, daemon killed (SIGKILL) midway', { intact: true, recoveryMs: ms });
    });
  });
});
