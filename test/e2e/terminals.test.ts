import * as assert from 'assert';
import { Client } from '../../src/client';
import { InstanceFixture } from '../support/fixtures';
import { testbed } from '../support/testbed';
import { useWorkbench } from './harness/session';
import { Workbench } from './harness/workbench';

/** The `stty size` answers printed so far, as [rows, cols]. */
function sttySizes(text: string): Array<[number, number]> {
  return [...text.matchAll(/^size=(\d+)x(\d+)$/gm)].map((m) => [Number(m[1]), Number(m[2])]);
}

/** How many rows the active terminal shows: what the remote `stty size` must say. */
async function visibleRows(wb: Workbench): Promise<number> {
  return wb.page.locator('.terminal-wrapper.active .xterm .xterm-rows > div').count();
}

for (const target of testbed().targets) {
  describe(`Shell terminals in instances [${target.name}]`, function () {
    const client = Client.unix(target.socket, { project: testbed().project });
    const fx = new InstanceFixture(client);
    let name = '';

    before(async function () {
      this.timeout(120_000);
      name = await fx.create('e2e-shell', { start: true });
    });
    after(async function () {
      this.timeout(120_000);
      await fx.cleanup();
      await client.close();
    });

    const e2e = useWorkbench({
      name: `terminals-${target.name}`,
      settings: {
        'lxd.detectLocal': false,
        'lxd.readCliRemotes': false,
        'lxd.connections': [{ name: target.name, socket: target.socket, project: testbed().project }],
      },
    });

    it('opens a shell from the instance\'s context menu, and shows what a typed command prints', async () => {
      const wb = e2e.workbench;
      await wb.openViewContainer('LXD');
      const row = await wb.treeItem('Instances', name);
      await wb.screenshot('instance in the tree');
      await wb.contextMenu(row, 'Open Shell');
      await wb.page.locator('.terminal-tabs-entry, .terminal-tab, .single-terminal-tab', { hasText: `lxd: lxdx-test/${name}` }).first().waitFor();
      await wb.waitFor(async () => /[#$] *$/.test(await wb.terminalText()), { message: 'the shell prompt', timeout: 20_000 });
      await wb.screenshot('shell prompt');
      await wb.typeInTerminal('echo lxdx-$((6 * 7)); hostname\n');
      await wb.waitFor(async () => (await wb.terminalText()).split('\n').includes('lxdx-42'), { message: 'the echo output' });
      assert.ok((await wb.terminalText()).split('\n').includes(name), 'hostname prints the instance name');
      await wb.screenshot('command output');
    });

    it('tells the remote side the panel\'s size, and its new size after a resize', async () => {
      const wb = e2e.workbench;
      await wb.typeInTerminal('clear; stty size | sed "s/ /x/; s/^/size=/"\n');
      const first = await wb.waitFor(async () => sttySizes(await wb.terminalText())[0], { message: 'the first stty size' });
      assert.equal(first[0], await visibleRows(wb), 'rows match the panel');
      await wb.screenshot('size before');
      await wb.runCommand('View: Toggle Maximized Panel');
      await wb.waitFor(async () => (await visibleRows(wb)) > first[0], { message: 'the panel to grow' });
      const rows = await visibleRows(wb);
      await wb.typeInTerminal('clear; stty size | sed "s/ /x/; s/^/size=/"\n');
      const second = await wb.waitFor(
        async () => sttySizes(await wb.terminalText()).find(([r]) => r !== first[0]),
        { message: 'stty size to change after the resize' },
      );
      assert.equal(second[0], rows, 'rows match the maximised panel');
      await wb.screenshot('size after maximise');
      await wb.runCommand('View: Toggle Maximized Panel');
    });

    it('shows the exit code when the shell exits with one', async () => {
      const wb = e2e.workbench;
      await wb.typeInTerminal('exit 3\n');
      await wb.waitFor(async () => (await wb.terminalText()).includes('[process exited with code 3]'), { message: 'the exit code line' });
      await wb.screenshot('exit code 3');
      await wb.typeInTerminal(' ');
      await wb.page.locator('.terminal-tabs-entry, .terminal-tab, .single-terminal-tab', { hasText: `lxd: lxdx-test/${name}` }).first().waitFor({ state: 'detached' });
      await wb.screenshot('terminal closed after a key');
    });
  });
}
