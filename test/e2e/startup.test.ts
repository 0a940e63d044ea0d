import * as assert from 'assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from '../../src/client';
import { FakeServer } from '../support/fakeServer';
import { FaultProxy } from '../support/faultProxy';
import { InstanceFixture } from '../support/fixtures';
import { testbed } from '../support/testbed';
import { instancesPane, instancesRow, openShellFromTree } from './harness/explorer';
import { useWorkbench } from './harness/session';

const STALLED_SOCKET = 'lxdx-stalled-socket';
const STALLED_HTTPS = 'lxdx-stalled-https';

/**
 * Start-up never waits on a server: beside the test bed's healthy LXD and Incus, a unix socket that
 * accepts and never answers and an HTTPS remote behind a proxy that accepts and sends nothing.
 */
describe('Start-up with servers that never answer beside healthy ones', function () {
  const targets = testbed().targets;
  const clients = targets.map((t) => Client.unix(t.socket, { project: testbed().project }));
  const fixtures = clients.map((c) => new InstanceFixture(c));
  const names: string[] = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lxdx-startup-'));
  let silent: FakeServer | undefined;
  let stall: FaultProxy | undefined;
  const settings: Record<string, unknown> = { 'lxd.detectLocal': false, 'lxd.readCliRemotes': false };

  before(async function () {
    this.timeout(180_000);
    for (const fx of fixtures) {
      names.push(await fx.create('e2e-startup', { start: true }));
    }
    // Accepts, reads the request, never answers.
    silent = await FakeServer.start({ listen: 'unix', handler: () => undefined });
    // Accepts TCP, forwards and sends nothing: the TLS handshake never completes.
    const upstream = targets.find((t) => t.https)?.https ?? '127.0.0.1:9';
    stall = await FaultProxy.start(upstream);
    stall.set({ kind: 'stall' });
    const key = path.join(dir, 'client.key');
    const crt = path.join(dir, 'client.crt');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-384',
        '-nodes',
        '-keyout',
        key,
        '-out',
        crt,
        '-subj',
        '/CN=lxdx-startup',
        '-days',
        '1',
      ],
      { stdio: 'pipe' },
    );
    // The bad servers first: their rows stay at the top while the healthy ones fill in below.
    settings['lxd.connections'] = [
      { name: STALLED_SOCKET, socket: silent.address },
      { name: STALLED_HTTPS, url: stall.url, clientCertificate: crt, clientKey: key, serverFingerprint: 'ab'.repeat(32) },
      ...targets.map((t) => ({ name: t.name, socket: t.socket, project: testbed().project })),
    ];
  });

  after(async function () {
    this.timeout(120_000);
    await silent?.close();
    await stall?.close();
    for (const fx of fixtures) {
      await fx.cleanup();
    }
    await Promise.all(clients.map((c) => c.close()));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const e2e = useWorkbench({ name: 'startup', settings });

  it("lists the healthy servers' instances while the others show Connecting…, opens a shell, then shows the others' errors", async function () {
    this.timeout(120_000);
    const wb = e2e.workbench;
    // Tall enough for every row of the shared test project on both servers (the tree is virtualised:
    // rows out of view are not in the page).
    await wb.page.setViewportSize({ width: wb.page.viewportSize()?.width ?? 1400, height: 4000 });
    await wb.openViewContainer('LXD');
    await instancesPane(wb);
    const connecting = [STALLED_SOCKET, STALLED_HTTPS].map((n) => instancesRow(wb, `Connecting to ${n}…`));
    // All at one moment: every healthy instance listed while both bad servers still connect.
    await wb.waitFor(
      async () => {
        for (const row of [...names.map((n) => instancesRow(wb, n)), ...connecting]) {
          if (!(await row.isVisible())) {
            return false;
          }
        }
        return true;
      },
      { message: 'the healthy instances beside two servers still connecting', timeout: 30_000 },
    );
    await wb.screenshot('healthy instances beside connecting servers');

    // A healthy server is fully usable: a shell opens in its instance.
    await openShellFromTree(wb, names[0]);
    await wb.waitFor(async () => /[#$] *$/.test(await wb.terminalText()), { message: 'the shell prompt', timeout: 30_000 });
    await wb.typeInTerminal('echo lxdx-$((6 * 7))\n');
    await wb.waitFor(async () => (await wb.terminalText()).split('\n').includes('lxdx-42'), { message: 'the echo output' });

    // Then each bad server shows its error in place of "Connecting…", and the instances stay.
    for (const n of [STALLED_SOCKET, STALLED_HTTPS]) {
      await instancesRow(wb, new RegExp(`^${n}: .*(timed out|did not finish)`)).waitFor({ timeout: 45_000 });
    }
    for (const row of connecting) {
      assert.strictEqual(await row.count(), 0, 'no server is still connecting');
    }
    for (const n of names) {
      assert.ok(await instancesRow(wb, n).isVisible(), `${n} is still listed`);
    }
    await wb.screenshot('errors beside healthy instances');
  });
});
