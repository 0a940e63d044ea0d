import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client, FileStat, TransportError } from '../../src/client';
import { readConfig, saveConfig } from '../../src/editors/configSave';
import { profileKind } from '../../src/editors/kinds';
import { Leftovers } from '../../src/files/atomic';
import { InstanceFiles } from '../../src/files/instanceFiles';
import { statIfExists } from '../../src/files/remote';
import { planFolderUpload, uploadFolder } from '../../src/files/folderUpload';
import { uploadFiles } from '../../src/files/transfer';
import { query } from '../support/cli';
import { eventually, forEachTarget } from '../support/fixtures';
import { httpsClient } from '../support/remote';
import { openFds, socketsBackTo } from '../support/sockets';
import { testbed, uniqueName } from '../support/testbed';
import {
  DaemonControl,
  failure,
  killingDaemon,
  reliability,
  shIn,
  useFaultProxy,
  useRunningInstance,
  useTrustedCertificate,
} from './helpers';

const MB = 1024 * 1024;
const sha256 = (b: Buffer | string): string => crypto.createHash('sha256').update(b).digest('hex');
/** What a client sees of a daemon killed under a request (HTTP, SFTP), or of one that is not back yet. */
const DAEMON_GONE = /closed during the request|Is the daemon running\?|The SFTP connection closed before the answer came/;

/**
 * The daemon killed (SIGKILL) in the middle of an upload, a move across mounts, a rename and a
 * configuration save, through the product's own code (`uploadFiles`, `InstanceFiles.move`,
 * `saveConfig`). The kill lands during the operation, not by timing luck: the fault proxy in front
 * of the daemon's HTTPS port forwards part of the request and holds the rest (`blackhole`), and
 * the daemon is killed once it has begun (its temporary exists, or the proxy holds the request's
 * bytes). After the daemon is back: the old bytes or configuration whole (sha256 in the instance,
 * the object through the CLI), no temporary left once the next write went through, a clear error.
 */
forEachTarget('A daemon killed (SIGKILL) in the middle of an upload, a move or a configuration save', (target) => {
  const project = testbed().project;
  const instance = useRunningInstance(target, 'faults-midway');
  const trusted = useTrustedCertificate(target);
  const faults = useFaultProxy(target);
  let admin: Client;
  let client: Client;
  let leftovers: Leftovers;
  let files: InstanceFiles;
  let dir: string;
  let n = 0;
  let baseline: ReturnType<typeof openFds>;

  beforeEach(async () => {
    baseline = openFds();
    admin = Client.unix(target.socket, { project });
    client = httpsClient(target, trusted.cert, faults.proxy.url, { retry: { attempts: 1, initialMs: 1, maxMs: 1 } });
    // Shared as in the product: the Explorer's session and each upload's.
    leftovers = new Leftovers();
    files = new InstanceFiles({ leftovers });
    dir = `/root/midway-${++n}`;
    await sh(`rm -rf ${dir} && mkdir -p ${dir}`);
  });
  afterEach(async () => {
    files.dispose();
    await client.close();
    await admin.close();
    // Nothing the failed operation started holds a connection (the proxy is closed by now).
    await socketsBackTo(baseline);
  });

  const sh = (script: string): Promise<string> => shIn(admin, instance.name, `set -e\n${script}`);
  const ref = (): { connectionId: string; project: string; instance: string } => ({
    connectionId: target.name,
    project,
    instance: instance.name,
  });
  /** Our temporaries and set-aside targets anywhere under `root`. */
  const ours = async (root = dir): Promise<string[]> =>
    (await sh(`find ${root} -name '*.lxdx-*' 2>/dev/null || true`)).split('\n').filter(Boolean);
  /** sha256, owner and mode of a file in the instance. */
  const fileState = (p: string): Promise<string> => sh(`echo $(sha256sum ${p} | cut -d' ' -f1) $(stat -c "%u %g %a" ${p})`);
  /** From now on, each connection through the proxy forwards `afterBytes` more, then holds the rest (nothing closes). */
  const holdAfter = (afterBytes: number): void => faults.proxy.set({ kind: 'blackhole', afterBytes });
  /**
   * Once `begun` resolves (the daemon has the operation in hand), kills the daemon, lets the held
   * bytes meet the dead connection, and starts the daemon again: the operation must have failed
   * with a clear error saying the daemon went away.
   */
  async function killDuring(d: DaemonControl, pending: Promise<{ error: Error }>, begun: () => Promise<unknown>) {
    await begun();
    const killed = await d.kill();
    faults.proxy.set({ kind: 'pass' });
    const { error } = await pending;
    assert.ok(error instanceof TransportError, `${error.name}: ${error.message}`);
    assert.match(error.message, DAEMON_GONE);
    await d.start();
    return { error, killed };
  }

  it('an upload of several files killed during the second: the first arrived whole, the second is the old file, and the next upload removes what was left', async function () {
    this.timeout(600_000);
    const local = fs.mkdtempSync(path.join(os.tmpdir(), 'lxdx-up-'));
    try {
      const names = ['one', 'two', 'three'];
      const bytes = names.map(() => crypto.randomBytes(6 * MB));
      names.forEach((f, i) => fs.writeFileSync(path.join(local, f), bytes[i]));
      await sh(`for f in ${names.join(' ')}; do printf old-$f > ${dir}/$f; chown 1000:1000 ${dir}/$f; chmod 0640 ${dir}/$f; done`);
      const old = await Promise.all(names.map((f) => fileState(`${dir}/${f}`)));
      const started: string[] = [];
      await killingDaemon(target, async (d) => {
        const pending = failure(
          uploadFiles(
            new InstanceFiles({ leftovers }),
            client,
            ref(),
            names.map((f) => path.join(local, f)),
            dir,
            {
              onStart: (f) => {
                started.push(f);
                // The second file: 1 MiB of it reaches the daemon, the rest is held.
                if (started.length === 2) {
                  holdAfter(MB);
                }
              },
            },
          ),
        );
        const { error, killed } = await killDuring(d, pending, () =>
          eventually(async () => (await ours()).some((p) => p.includes('.two.')), 'the second file’s temporary to appear', 60_000, 100),
        );
        assert.equal(started.length, 2, 'the upload stopped at the file it was sending');
        assert.equal(
          await fileState(`${dir}/one`),
          `${sha256(bytes[0])} 1000 1000 640`,
          'the first file arrived whole, owner and mode kept',
        );
        assert.equal(await fileState(`${dir}/two`), old[1], 'the second file is the old one, byte for byte');
        assert.equal(await fileState(`${dir}/three`), old[2], 'the third was not touched');
        const left = leftovers.list(files.key(ref()));
        assert.ok(left.length <= 1, `leftovers recorded: ${left.join(', ')}`);

        // The user uploads again: everything lands, and what the killed upload left is gone.
        await uploadFiles(
          new InstanceFiles({ leftovers }),
          client,
          ref(),
          names.map((f) => path.join(local, f)),
          dir,
        );
        for (const [i, f] of names.entries()) {
          assert.equal(await fileState(`${dir}/${f}`), `${sha256(bytes[i])} 1000 1000 640`, `${f} uploaded`);
        }
        assert.deepEqual(await ours(), [], 'no temporary left');
        console.log(
          `      [${target.name}] kill -9 during an upload: "${error.message}"; ${left.length} temporary left, removed by the next upload`,
        );
        reliability(target, 'upload of 3 files, daemon killed (SIGKILL) during the 2nd', { intact: true, recoveryMs: Date.now() - killed });
      });
    } finally {
      fs.rmSync(local, { recursive: true, force: true });
    }
  });

  it('a folder upload killed in a nested file: what came before arrived whole, that file is the old one, nothing after it was sent, and uploading again completes it', async function () {
    this.timeout(600_000);
    const local = fs.mkdtempSync(path.join(os.tmpdir(), 'lxdx-up-'));
    const site = path.join(local, 'site');
    try {
      const names = ['a/b/one', 'a/two', 'c/three'];
      const bytes = names.map(() => crypto.randomBytes(6 * MB));
      names.forEach((f, i) => {
        fs.mkdirSync(path.dirname(path.join(site, f)), { recursive: true });
        fs.writeFileSync(path.join(site, f), bytes[i]);
      });
      const remote = (f: string): string => `${dir}/site/${f}`;
      // The instance has an older site/a/two, owned by someone else.
      await sh(
        `mkdir -p ${dir}/site/a && printf old-two > ${remote('a/two')} && chown 1000:1000 ${remote('a/two')} && chmod 0640 ${remote('a/two')}`,
      );
      const old = await fileState(remote('a/two'));
      const plan = await planFolderUpload(client, instance.name, site, dir);
      assert.deepEqual(plan.replaced, [remote('a/two')]);
      const started: string[] = [];
      await killingDaemon(target, async (d) => {
        const pending = failure(
          uploadFolder(new InstanceFiles({ leftovers }), client, ref(), plan, {
            onStart: (e) => {
              started.push(e.rel);
              // The second file: 1 MiB of it reaches the daemon, the rest is held.
              if (started.length === 2) {
                holdAfter(MB);
              }
            },
          }),
        );
        const { error, killed } = await killDuring(d, pending, () =>
          eventually(async () => (await ours()).some((p) => p.includes('.two.')), 'the second file’s temporary to appear', 60_000, 100),
        );
        assert.deepEqual(started, ['a/b/one', 'a/two'], 'walked in name order, stopped at the file it was sending');
        assert.equal((await fileState(remote('a/b/one'))).split(' ')[0], sha256(bytes[0]), 'the first file arrived whole');
        assert.equal(await fileState(remote('a/two')), old, 'the file being sent is the old one, byte for byte, owner and mode');
        assert.equal(await sh(`test -e ${dir}/site/c && echo there || echo absent`), 'absent', 'nothing after it was sent');
        const left = leftovers.list(files.key(ref()));
        assert.ok(left.length <= 1, `leftovers recorded: ${left.join(', ')}`);

        // The user uploads the folder again: it completes, and what the killed upload left is gone.
        const again = await planFolderUpload(client, instance.name, site, dir);
        await uploadFolder(new InstanceFiles({ leftovers }), client, ref(), again);
        for (const [i, f] of names.entries()) {
          assert.equal((await fileState(remote(f))).split(' ')[0], sha256(bytes[i]), `${f} uploaded`);
        }
        assert.equal(await fileState(remote('a/two')), `${sha256(bytes[1])} 1000 1000 640`, 'the replaced file kept its owner and mode');
        assert.deepEqual(await ours(), [], 'no temporary left');
        console.log(
          `      [${target.name}] kill -9 during a folder upload: "${error.message}"; ${left.length} temporary left, removed by the next upload`,
        );
        reliability(target, 'folder upload (3 files in 4 folders), daemon killed (SIGKILL) during the 2nd file', {
          intact: true,
          recoveryMs: Date.now() - killed,
        });
      });
    } finally {
      fs.rmSync(local, { recursive: true, force: true });
    }
  });

  it('a move across mounts (EXDEV) killed mid-copy leaves the source whole and the target as it was; the next write removes the partial copy', async function () {
    this.timeout(600_000);
    // A tmpfs of its own (the container's /dev is one, of 492 KiB): rename(2) from there to /root says EXDEV.
    const mnt = `/mnt/lxdx-midway-${n}`;
    const src = `${mnt}/f`;
    try {
      await sh(`mkdir -p ${mnt} && mount -t tmpfs -o size=32m tmpfs ${mnt}`);
      await sh(`head -c ${8 * MB} /dev/urandom > ${src} && chmod 0600 ${src} && printf old-target > ${dir}/f`);
      const source = await fileState(src);
      const old = await fileState(`${dir}/f`);
      await killingDaemon(target, async (d) => {
        const from = (await statIfExists(client, instance.name, src)) as FileStat;
        const existing = await statIfExists(client, instance.name, `${dir}/f`);
        holdAfter(2 * MB);
        const pending = failure(files.move(client, ref(), src, `${dir}/f`, { source: from, target: existing }));
        const { error, killed } = await killDuring(d, pending, () =>
          eventually(async () => (await ours()).length > 0, 'the copy’s temporary to appear', 60_000, 100),
        );
        assert.equal(await fileState(src), source, 'the source is whole');
        assert.equal(await fileState(`${dir}/f`), old, 'the target is the file it was');

        // The move again: it goes through, and the partial copy the kill left is removed.
        await files.move(client, ref(), src, `${dir}/f`, {
          source: (await statIfExists(client, instance.name, src))!,
          target: await statIfExists(client, instance.name, `${dir}/f`),
        });
        assert.equal(await fileState(`${dir}/f`), source, 'moved, bytes, owner and mode');
        assert.equal(await sh(`test -e ${src} && echo there || echo gone`), 'gone');
        assert.deepEqual(await ours(), [], 'no temporary left');
        console.log(`      [${target.name}] kill -9 during a move across mounts: "${error.message}"`);
        reliability(target, 'move across mounts, daemon killed (SIGKILL) mid-copy', { intact: true, recoveryMs: Date.now() - killed });
      });
    } finally {
      await sh(`umount ${mnt}; rmdir ${mnt}`).catch(() => undefined);
    }
  });

  it('a folder rename onto an existing folder killed while the rename is on its way: both folders whole, nothing set aside left', async function () {
    this.timeout(600_000);
    await sh(`mkdir -p ${dir}/a/sub ${dir}/b && echo new > ${dir}/a/sub/f && echo old > ${dir}/b/g`);
    const tree = (root: string): Promise<string> => sh(`cd ${root} && find . | sort && find . -type f | sort | xargs sha256sum`);
    const a = await tree(`${dir}/a`);
    const b = await tree(`${dir}/b`);
    await killingDaemon(target, async (d) => {
      const source = (await statIfExists(client, instance.name, `${dir}/a`))!;
      const existing = await statIfExists(client, instance.name, `${dir}/b`);
      // The SFTP session is open; from now on one byte of what is sent reaches the daemon, no more.
      await files.onSftp(client, ref())((s) => s.lstat(dir));
      holdAfter(1);
      const pending = failure(files.move(client, ref(), `${dir}/a`, `${dir}/b`, { source, target: existing }));
      const { error, killed } = await killDuring(d, pending, () => faults.proxy.until((p) => p.held > 0, 'the rename to reach the proxy'));
      const moved = (await sh(`test -e ${dir}/a && echo there || echo gone`)) === 'gone';
      if (moved) {
        assert.equal(await tree(`${dir}/b`), a, 'moved whole');
      } else {
        assert.equal(await tree(`${dir}/a`), a, 'the source whole');
        assert.equal(await tree(`${dir}/b`), b, 'the target whole');
      }
      assert.deepEqual(await ours(), [], 'nothing set aside left');
      // The same session renames again once the daemon is back.
      if (!moved) {
        await files.move(client, ref(), `${dir}/a`, `${dir}/b`, { source, target: await statIfExists(client, instance.name, `${dir}/b`) });
        assert.equal(await tree(`${dir}/b`), a);
      }
      console.log(
        `      [${target.name}] kill -9 during a rename: "${error.message}"; ${moved ? 'it had gone through' : 'nothing had moved'}`,
      );
      reliability(target, 'rename onto a folder, daemon killed (SIGKILL) with the rename on its way', {
        intact: true,
        recoveryMs: Date.now() - killed,
      });
    });
  });

  it('a configuration save killed midway leaves the profile as it was (checked through the CLI), and saving again applies it', async function () {
    this.timeout(600_000);
    const name = uniqueName('faults-cfg');
    await admin.profiles.create({ name, description: 'before', config: { 'user.lxdx-mark': 'before' }, devices: {} });
    try {
      const address = { connectionId: target.name, project, kind: 'profile', name };
      const source = { api: () => client };
      const base = await readConfig(profileKind, source, address);
      const before = query<{ config: Record<string, string>; description: string }>(target, `/1.0/profiles/${name}`, project);
      // A body large enough to be sent in many pieces: the daemon has begun reading it when it dies.
      const blob = crypto.randomBytes(96 * 1024).toString('base64');
      const text = `description: after\nconfig:\n  user.lxdx-mark: after\n  user.lxdx-blob: ${blob}\ndevices: {}\n`;
      await killingDaemon(target, async (d) => {
        holdAfter(32 * 1024);
        const pending = failure(saveConfig({ kind: profileKind, source, address, text, base, product: target.name }));
        const { error, killed } = await killDuring(d, pending, () => faults.proxy.until((p) => p.held > 0, 'the PUT to be held midway'));
        const after = query<{ config: Record<string, string>; description: string }>(target, `/1.0/profiles/${name}`, project);
        assert.deepEqual(
          { config: after.config, description: after.description },
          { config: before.config, description: before.description },
        );

        // Saved again from the same text and version: it applies, whole.
        await eventually(
          () => saveConfig({ kind: profileKind, source, address, text, base, product: target.name }).then(() => true),
          'the save to go through once the daemon is back',
          30_000,
          500,
        );
        const saved = query<{ config: Record<string, string>; description: string }>(target, `/1.0/profiles/${name}`, project);
        assert.equal(saved.description, 'after');
        assert.equal(saved.config['user.lxdx-blob'], blob);
        console.log(`      [${target.name}] kill -9 during a configuration save: "${error.message}"`);
        reliability(target, 'configuration save (PUT), daemon killed (SIGKILL) midway', { intact: true, recoveryMs: Date.now() - killed });
      });
    } finally {
      await admin.profiles.delete(name).catch(() => undefined);
    }
  });
});
