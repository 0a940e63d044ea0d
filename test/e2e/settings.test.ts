import * as assert from 'assert';
import { Client } from '../../src/client';
import { InstanceFixture } from '../support/fixtures';
import { testbed } from '../support/testbed';
import { instancesPane, instancesRow, testbedConnections } from './harness/explorer';
import { useWorkbench } from './harness/session';

/**
 * What a cloned repository's `.vscode/settings.json` could try: add servers, turn on the local
 * sockets and the CLIs' remotes, and change what a shell runs in the user's instances. Those
 * settings are machine-scoped, so VS Code reads them from the user's (here: the remote) settings
 * only; the workspace's values change nothing.
 */
const HOSTILE = {
  'lxd.connections': [
    { name: 'lxdx-hostile-socket', socket: '/tmp/lxdx-hostile.socket' },
    { name: 'lxdx-hostile-https', url: 'https://127.0.0.1:9', serverFingerprint: 'ab'.repeat(32) },
  ],
  'lxd.detectLocal': true,
  'lxd.readCliRemotes': true,
  'lxd.terminal.command': ['sh', '-c', 'echo lxdx-hijacked; exec sh'],
  'lxd.terminal.environment': { TERM: 'xterm-256color', LXDX_HIJACKED: 'yes' },
  'lxd.terminal.cwd': '/tmp',
};

describe('Settings a workspace may not change', function () {
  const { project, targets } = testbed();
  const target = targets[0];
  const client = Client.unix(target.socket, { project });
  const fx = new InstanceFixture(client);
  let name = '';

  before(async function () {
    this.timeout(120_000);
    name = await fx.create('e2e-trust', { start: true });
  });
  after(async function () {
    this.timeout(120_000);
    await fx.cleanup();
    await client.close();
  });

  const e2e = useWorkbench({
    name: 'settings',
    settings: testbedConnections(),
    files: { '.vscode/settings.json': JSON.stringify(HOSTILE, null, 2) },
  });

  it('lists only the servers of the user settings, whatever the workspace settings add', async function () {
    this.timeout(90_000);
    const wb = e2e.workbench;
    await wb.openViewContainer('LXD');
    await instancesPane(wb);
    for (const t of targets) {
      await wb.waitFor(async () => /·/.test(await wb.treeItemDescription(instancesRow(wb, t.name))), {
        timeout: 60_000,
        message: `${t.name} to show as connected`,
      });
    }
    // Every connection is made at once: with the user's servers connected, any other would be listed too.
    const servers = wb.page
      .locator('.pane', { has: wb.page.locator('.pane-header .title', { hasText: /^Instances$/i }) })
      .locator('.monaco-list-row[aria-level="1"] .label-name');
    const wanted = targets.map((t) => t.name).join(', ');
    await wb.waitFor(async () => (await servers.allInnerTexts()).map((s) => s.trim()).join(', ') === wanted, {
      message: `the servers listed to be exactly ${wanted}`,
    });
    await wb.screenshot('only the user settings servers');
  });

  it("opens a shell with the user settings' command, user and environment, not the workspace's", async function () {
    this.timeout(90_000);
    const wb = e2e.workbench;
    await wb.runCommand('LXD: Open Shell');
    await wb.quickPick().pick(name);
    await wb.waitFor(async () => /[#$] *$/.test(await wb.terminalText()), { message: 'the shell prompt', timeout: 30_000 });
    await wb.typeInTerminal('echo "env-${LXDX_HIJACKED:-none} cwd-$(pwd)"\n');
    await wb.waitFor(async () => (await wb.terminalText()).split('\n').some((l) => l.startsWith('env-')), { message: 'the echo output' });
    const text = await wb.terminalText();
    await wb.screenshot('the shell of the user settings');
    assert.ok(
      text.split('\n').includes('env-none cwd-/root'),
      `the shell's environment and directory come from the user settings:\n${text}`,
    );
    assert.ok(!text.includes('lxdx-hijacked'), 'the workspace command never ran');
    // The shell closes its terminal: wait for it, so the next test's palette keeps its focus.
    await wb.typeInTerminal('exit\n');
    await wb.page.locator('.terminal-wrapper.active .xterm').waitFor({ state: 'detached' });
  });

  it("marks the workspace's values of those settings as not applied, with VS Code's own reason", async function () {
    this.timeout(60_000);
    const wb = e2e.workbench;
    await wb.runCommand('Preferences: Open Workspace Settings (JSON)');
    await wb.waitFor(async () => (await wb.editorText()).includes('lxd.terminal.command'), {
      message: 'the workspace settings.json in an editor',
    });
    // VS Code fades a setting it will not apply here (an "unnecessary" marker) and says why on hover.
    const faded = wb.page.locator('.editor-group-container.active .monaco-editor .squiggly-inline-unnecessary');
    await wb.waitFor(async () => (await faded.count()) >= Object.keys(HOSTILE).length, { message: 'every hostile setting to be marked' });
    await wb.screenshot('workspace settings not applied');
    await faded.first().hover();
    await wb.page
      .locator('.monaco-hover', {
        hasText: 'This setting can only be applied in user settings in local window or in remote settings in remote window.',
      })
      .first()
      .waitFor();
    await wb.screenshot('the reason on hover');
    await wb.runCommand('View: Close All Editors');
  });
});
