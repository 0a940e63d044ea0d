import * as assert from 'assert';
import * as crypto from 'crypto';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Locator } from 'playwright-core';
import { Client, InstanceBuilder } from '../../src/client';
import { cli, cliEnv, query } from '../support/cli';
import { testbed, uniqueName } from '../support/testbed';
import { useWorkbench } from './harness/session';
import { exactly } from './harness/text';
import { Workbench } from './harness/workbench';
import { answerModal, atStep, onlyView as only, viewRow } from './harness/views';

/** Remote rows can take a while: the CLI's config is re-read and the remote connected first. */
const row = (wb: Workbench, view: string, label: string, timeout = 30_000): Promise<Locator> => viewRow(wb, view, label, timeout);

/**
 * Every private key in `text` whose public half is the certificate's: PEM armour, or its base64
 * body, also as JSON-escaped lines (the way it would sit in a settings or state file).
 */
function keysOf(text: string, certPem: string): string[] {
  const wanted = crypto.createPublicKey(certPem).export({ type: 'spki', format: 'der' }).toString('base64');
  const found = /PRIVATE KEY/.test(text) ? ['a PEM private key'] : [];
  const joined = text.replace(/\\r|\\n|\r|\n/g, '');
  for (const [run] of joined.matchAll(/[A-Za-z0-9+/]{120,}={0,2}/g)) {
    for (const type of ['sec1', 'pkcs8'] as const) {
      try {
        const key = crypto.createPrivateKey({ key: Buffer.from(run, 'base64'), format: 'der', type });
        if (crypto.createPublicKey(key).export({ type: 'spki', format: 'der' }).toString('base64') === wanted) {
          found.push(`the key as base64 (${run.slice(0, 12)}…)`);
        }
      } catch {
        // Not a key.
      }
    }
  }
  return found;
}

/** Page script: every IndexedDB store and localStorage, as text (the page has the DOM types, this file not). */
const DUMP_BROWSER_STORAGE = `(async () => {
  const out = [];
  for (const info of await indexedDB.databases()) {
    const db = await new Promise((resolve, reject) => {
      const req = indexedDB.open(info.name);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    for (const store of Array.from(db.objectStoreNames)) {
      out.push(await new Promise((resolve) => {
        const req = db.transaction(store).objectStore(store).getAll();
        req.onsuccess = () => resolve(JSON.stringify(req.result));
        req.onerror = () => resolve('');
      }));
    }
    db.close();
  }
  return out.join('\\n') + JSON.stringify({ ...localStorage });
})()`;

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) {
    return [];
  }
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : e.isFile() ? [path.join(dir, e.name)] : []));
}

describe('Remotes over HTTPS in the explorer', function () {
  const { project } = testbed();
  const lxd = testbed().targets.find((t) => t.name === 'lxd');
  const incus = testbed().targets.find((t) => t.name === 'incus');
  const remoteName = 'lxdx-e2e-remote';
  const tokenName = uniqueName('e2e-remote');
  const cliCertName = uniqueName('e2e-cli');
  const savedConf = process.env.LXD_CONF;
  let lxcConf: string;
  let admin: Client;
  let instance: string;

  /** What `lxc remote add <name> <token>` writes into the test's own lxc configuration directory. */
  const lxcRemoteAdd = (remote: string, certName: string): void => {
    const token = cli(lxd!, ['config', 'trust', 'add', '--name', certName, '--quiet']).trim().split('\n').pop()!;
    execFileSync('lxc', ['remote', 'add', remote, token, '--project', project], {
      env: { ...cliEnv(lxd!), LXD_CONF: lxcConf },
      stdio: 'pipe',
    });
  };

  before(async function () {
    if (!lxd?.https) {
      this.skip();
    }
    admin = Client.unix(lxd.socket, { project });
    instance = uniqueName('e2e-remote');
    await admin.instances.create(new InstanceBuilder(instance).image({ alias: testbed().image })).wait();
    // code-server (started next) reads this lxc configuration instead of the machine's.
    lxcConf = fs.mkdtempSync(path.join(os.tmpdir(), 'lxdx-e2e-lxc-'));
    lxcRemoteAdd('lxdx-cli', cliCertName);
    process.env.LXD_CONF = lxcConf;
  });

  after(async function () {
    this.timeout(60_000);
    if (!admin) {
      return;
    }
    if (savedConf === undefined) {
      delete process.env.LXD_CONF;
    } else {
      process.env.LXD_CONF = savedConf;
    }
    fs.rmSync(lxcConf, { recursive: true, force: true });
    await admin.instances
      .delete(instance)
      .wait()
      .catch(() => undefined);
    for (const c of await admin.certificates.list().catch(() => [])) {
      if ((c.name === tokenName || c.name === cliCertName) && c.fingerprint) {
        await admin.certificates.delete(c.fingerprint).catch(() => undefined);
      }
    }
    await admin.close();
  });

  const e2e = useWorkbench({ name: 'remotes', settings: { 'lxd.connections': [] } });

  it("shows the lxc CLI's remote as a connection, its image servers apart, and follows lxc renaming it while VS Code runs", async function () {
    this.timeout(120_000);
    const wb = e2e.workbench;
    await wb.openViewContainer('LXD');
    await row(wb, 'Instances', 'lxdx-cli (lxc)', 120_000);
    await row(wb, 'Instances', instance);
    await row(wb, 'Image Servers', 'images:');
    await wb.screenshot('cli remote and image servers');
    execFileSync('lxc', ['remote', 'rename', 'lxdx-cli', 'lxdx-cli2'], { env: { ...cliEnv(lxd!), LXD_CONF: lxcConf }, stdio: 'pipe' });
    await row(wb, 'Instances', 'lxdx-cli2 (lxc)');
    await (
      await only(wb, 'Instances')
    )
      .locator('.monaco-list-row', { has: wb.page.locator('.label-name', { hasText: exactly('lxdx-cli (lxc)') }) })
      .waitFor({ state: 'detached' });
    await wb.screenshot('remote renamed by lxc while running');
  });

  it('adds an LXD remote with a trust token from the palette, pins its certificate and lists its instances next to the local sockets', async function () {
    this.timeout(240_000);
    const wb = e2e.workbench;
    const issued = await admin.certificates.issueToken(tokenName);
    await wb.openViewContainer('LXD');
    await row(wb, 'Instances', 'LXD (local)', 120_000);
    await wb.screenshot('local sockets before');

    await wb.runCommand('LXD: Add Remote…');
    await atStep(wb, /^Add Remote: address/);
    await wb.inputBox().type('http://127.0.0.1:8443');
    await wb.waitFor(async () => /over https:\/\//.test(await wb.inputBox().message()), { message: 'the http:// address to be refused' });
    await wb.inputBox().type(`https://${lxd!.https}`);
    await wb.screenshot('address');
    await wb.inputBox().submit();

    await atStep(wb, /how does the server trust you/);
    await wb.screenshot('trust method');
    await wb.quickPick().pick(/Trust token/);
    await atStep(wb, /trust token$/);
    await wb.inputBox().type(issued.token);
    await wb.screenshot('token pasted');
    await wb.inputBox().submit();

    const modal = await answerModal(wb, 'Trust and Add');
    assert.match(modal.message, new RegExp(`Trust the server at https://${lxd!.https!.replace(/\./g, '\\.')}`));
    const colon = (issued.decoded.fingerprint.match(/../g) ?? []).join(':').toUpperCase();
    assert.ok(modal.detail.includes(colon), `the modal shows the token's fingerprint ${colon}:\n${modal.detail}`);
    assert.ok(modal.detail.includes(lxd!.https!), 'the modal shows the token addresses');

    await atStep(wb, /^Add Remote: name/);
    assert.strictEqual(await wb.inputBox().value(), '127.0.0.1');
    await wb.inputBox().type(remoteName);
    await wb.screenshot('name');
    await wb.inputBox().submit();
    await atStep(wb, /where to keep the client key/);
    await wb.screenshot('key storage');
    await wb.quickPick().pick(/Keep the key in VS Code/);
    await atStep(wb, /project to open/);
    await wb.screenshot('project');
    await wb.quickPick().pick(project);
    await wb.notification(/Added remote "lxdx-e2e-remote": LXD 5\.0\.\d+ at https:\/\/127\.0\.0\.1:8443/, { timeout: 30_000 });

    await row(wb, 'Instances', remoteName);
    await row(wb, 'Instances', instance);
    await row(wb, 'Instances', 'LXD (local)');
    // The CLIs' "local" remotes are the sockets shown already: no second node for them.
    const labels = await (await only(wb, 'Instances')).locator('.monaco-list-row[aria-level="1"] .label-name').allInnerTexts();
    assert.deepStrictEqual(labels.filter((l) => /local/.test(l)).sort(), incus ? ['Incus (local)', 'LXD (local)'] : ['LXD (local)']);
    // The instance is listed under the remote (the CLI's remote to the same server lists it too,
    // and may show it first: the remote's rows come once its list does).
    const pane = await only(wb, 'Instances');
    const owners = (): Promise<string[]> =>
      pane.locator('.monaco-list-row').evaluateAll((rows, name) => {
        const found: string[] = [];
        let server = '';
        for (const r of rows) {
          const label = r.querySelector('.label-name')?.textContent ?? '';
          if (r.getAttribute('aria-level') === '1') {
            server = label;
          } else if (label === name) {
            found.push(server);
          }
        }
        return found;
      }, instance);
    await wb.waitFor(
      async () => {
        const under = await owners();
        if (!under.includes(remoteName)) {
          // Reported when time runs out.
          throw new Error(`listed under ${under.join(', ') || 'no server'}`);
        }
        return true;
      },
      { timeout: 30_000, message: `${instance} listed under ${remoteName}` },
    );
    await wb.screenshot('remote instances next to the local sockets');

    const trustedCert = query<{ name: string; certificate: string }[]>(lxd!, '/1.0/certificates?recursion=1').find(
      (c) => c.name === tokenName,
    );
    assert.ok(trustedCert, 'LXD trusts the certificate the extension generated, under the token name');
  });

  it('keeps the private key out of the log, settings.json and the global state', async function () {
    this.timeout(60_000);
    const { workbench: wb, session } = e2e;
    const certPem = query<{ name: string; certificate: string }[]>(lxd!, '/1.0/certificates?recursion=1').find(
      (c) => c.name === tokenName,
    )!.certificate;
    // The global state of a web VS Code lives in the browser's IndexedDB: read it once it has the remote.
    const browserState = await wb.waitFor(
      async () => {
        const dump = await wb.page.evaluate<string>(DUMP_BROWSER_STORAGE);
        return dump.includes(remoteName) && dump;
      },
      { timeout: 30_000, message: 'the added remote in the global state' },
    );
    assert.deepStrictEqual(keysOf(browserState, certPem), [], 'the global state holds no key');

    const userData = session.server.options.userDataDir;
    const files = filesUnder(userData);
    const logFile = files.find((f) => /LXD\.log$/.test(f));
    assert.ok(logFile, `the LXD log is among ${files.length} files of the user data`);
    assert.match(fs.readFileSync(logFile, 'utf8'), /Added remote "lxdx-e2e-remote"/);
    for (const file of files) {
      const text = fs.readFileSync(file).toString('latin1');
      assert.deepStrictEqual(keysOf(text, certPem), [], `${path.relative(userData, file)} holds no key`);
    }
    assert.ok(
      files.some((f) => f.endsWith(path.join('User', 'settings.json'))),
      'settings.json was looked at',
    );
  });

  it('shows the single member of the clustered server in the Cluster Members view', async function () {
    if (!incus?.clusterMember) {
      this.skip();
    }
    const wb = e2e.workbench;
    const member = await row(wb, 'Cluster Members', incus.clusterMember);
    const description = await member.locator('.label-description').innerText();
    assert.match(description, new RegExp(`Online · database-leader, database · ${incus.https!.replace(/\./g, '\\.')}`));
    await wb.screenshot('cluster member');
  });

  it('removes the remote after a modal that names it', async function () {
    this.timeout(60_000);
    const wb = e2e.workbench;
    await wb.contextMenu(await row(wb, 'Instances', remoteName), 'Remove Remote…');
    const modal = await answerModal(wb, 'Remove');
    assert.strictEqual(modal.message, `Remove the remote "${remoteName}"?`);
    const pane = await only(wb, 'Instances');
    await pane
      .locator('.monaco-list-row', { has: wb.page.locator('.label-name', { hasText: exactly(remoteName) }) })
      .waitFor({ state: 'detached', timeout: 20_000 });
    await wb.screenshot('remote removed');
  });
});
