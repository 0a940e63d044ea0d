import * as assert from 'assert';
import { X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from '../../src/client';
import { FaultProxy } from '../support/faultProxy';
import { InstanceFixture } from '../support/fixtures';
import { TrustedCertificate, trustedCertificate } from '../support/remote';
import { testbed } from '../support/testbed';
import { instancesPane, instancesRow, openShellFromTree } from './harness/explorer';
import { useWorkbench } from './harness/session';

/**
 * A shell on an HTTPS remote whose network drops: each daemon is reached through a fault proxy on
 * loopback, which resets every connection it carries at once (a network that went away and came
 * back). The terminal must say its connection was lost and keep what it showed, and a new shell
 * must open once the network is back.
 */
describe('A shell on a remote whose network drops', function () {
  const targets = testbed().targets.filter((t) => t.https && t.serverCertPath);
  const clients = targets.map((t) => Client.unix(t.socket, { project: testbed().project }));
  const fixtures = clients.map((c) => new InstanceFixture(c));
  const names: string[] = [];
  const proxies: FaultProxy[] = [];
  const certs: TrustedCertificate[] = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lxdx-drop-'));
  const remote = (i: number): string => `lxdx-drop-${targets[i].name}`;
  const settings: Record<string, unknown> = { 'lxd.detectLocal': false, 'lxd.readCliRemotes': false };

  before(async function () {
    this.timeout(180_000);
    assert.ok(targets.length > 0, 'no daemon of the test bed has an HTTPS address (scripts/testbed.sh sets them up)');
    const connections = [];
    for (const [i, t] of targets.entries()) {
      names.push(await fixtures[i].create('e2e-drop', { start: true }));
      const cert = await trustedCertificate(t);
      certs.push(cert);
      const crt = path.join(dir, `${t.name}.crt`);
      const key = path.join(dir, `${t.name}.key`);
      fs.writeFileSync(crt, cert.cert);
      fs.writeFileSync(key, cert.key, { mode: 0o600 });
      const proxy = await FaultProxy.start(t.https!);
      proxies.push(proxy);
      const serverFingerprint = new X509Certificate(fs.readFileSync(t.serverCertPath!)).fingerprint256;
      connections.push({
        name: remote(i),
        url: proxy.url,
        clientCertificate: crt,
        clientKey: key,
        serverFingerprint,
        project: testbed().project,
      });
    }
    settings['lxd.connections'] = connections;
  });

  after(async function () {
    this.timeout(120_000);
    await Promise.all(proxies.map((p) => p.close()));
    await Promise.all(certs.map((c) => c.untrust()));
    for (const fx of fixtures) {
      await fx.cleanup();
    }
    await Promise.all(clients.map((c) => c.close()));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const e2e = useWorkbench({ name: 'remote-drop', settings });

  for (const [i, t] of targets.entries()) {
    it(`[${t.name}] says the shell's connection was lost, keeps its text, and opens a new shell once the network is back`, async function () {
      this.timeout(120_000);
      const wb = e2e.workbench;
      await wb.openViewContainer('LXD');
      await instancesPane(wb);
      await instancesRow(wb, names[i]).waitFor({ timeout: 30_000 });

      /** Opens a shell on the instance, the only terminal, and sees it echo `lxdx-<word>-42`. */
      const shellEchoes = async (word: string): Promise<void> => {
        // A prompt found in another terminal would not be this shell's.
        await wb.runCommand('workbench.action.terminal.killAll');
        await openShellFromTree(wb, names[i]);
        await wb.waitFor(async () => /[#$] *$/.test(await wb.terminalText()), { message: `the ${word} shell's prompt`, timeout: 30_000 });
        await wb.typeInTerminal(`echo lxdx-${word}-$((6 * 7))\n`);
        await wb.waitFor(async () => (await wb.terminalText()).split('\n').includes(`lxdx-${word}-42`), {
          message: `the ${word} shell's echo`,
        });
      };
      await shellEchoes('before');

      proxies[i].resetAll();
      // Long lines wrap in the terminal: compared without white space.
      const squash = (x: string): string => x.replace(/\s+/g, '');
      const lost = squash(`The shell was cut off: The connection to ${proxies[i].url} closed while the session was running.`);
      await wb.waitFor(async () => squash(await wb.terminalText()).includes(lost), {
        message: 'the terminal saying its connection was lost',
        timeout: 30_000,
      });
      const text = await wb.terminalText();
      assert.ok(text.split('\n').includes('lxdx-before-42'), `the terminal kept what it showed:\n${text}`);
      await wb.screenshot('the shell says its connection was lost');

      // The network is back: the tree reconnects by itself, and a new shell works.
      await wb.pressInTerminal('Enter'); // "Press any key to close the terminal."
      await instancesRow(wb, names[i]).waitFor({ timeout: 30_000 });
      await shellEchoes('after');
    });
  }
});
