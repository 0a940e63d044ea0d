import * as assert from 'assert';
import { Client } from '../../src/client';
import { cli } from '../support/cli';
import { InstanceFixture } from '../support/fixtures';
import { testbed } from '../support/testbed';
import { openShellFromTree, waitForInstanceRow } from './harness/explorer';
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

/**
 * "LXD: Show Details" for `name` from the palette (the tree's rows move while other suites add and
 * remove instances in the shared project).
 */
async function showDetails(wb: Workbench, name: string): Promise<void> {
  await wb.runCommand('LXD: Show Details');
  await wb.quickPick().pick(name);
}

/** The tab of a terminal, by its name. */
function terminalTab(wb: Workbench, name: string) {
  return wb.page.locator('.terminal-tabs-entry, .terminal-tab, .single-terminal-tab', { hasText: name }).first();
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

    /**
     * The shell the first test opens, which the tests after it type into: opened here when a test
     * runs without the ones before it (`-g`).
     */
    const shellOpen = async (wb: Workbench): Promise<void> => {
      if ((await terminalTab(wb, `lxd: lxdx-test/${name}`).count()) > 0) {
        return;
      }
      await wb.openViewContainer('LXD');
      await openShellFromTree(wb, name);
      await terminalTab(wb, `lxd: lxdx-test/${name}`).waitFor();
      await wb.waitFor(async () => /[#$] *$/.test(await wb.terminalText()), { message: 'the shell prompt', timeout: 20_000 });
    };

    it("opens a shell from the instance's context menu, and shows what a typed command prints", async () => {
      const wb = e2e.workbench;
      await wb.openViewContainer('LXD');
      await wb.screenshot('instance in the tree');
      await openShellFromTree(wb, name);
      await terminalTab(wb, `lxd: lxdx-test/${name}`).waitFor();
      await wb.waitFor(async () => /[#$] *$/.test(await wb.terminalText()), { message: 'the shell prompt', timeout: 20_000 });
      await wb.screenshot('shell prompt');
      await wb.typeInTerminal('echo lxdx-$((6 * 7)); hostname\n');
      await wb.waitFor(async () => (await wb.terminalText()).split('\n').includes('lxdx-42'), { message: 'the echo output' });
      assert.ok((await wb.terminalText()).split('\n').includes(name), 'hostname prints the instance name');
      await wb.screenshot('command output');
    });

    it('keeps up with a flood of output and stays responsive', async () => {
      const wb = e2e.workbench;
      await shellOpen(wb);
      const started = Date.now();
      // About 1.3 MB in 200,000 lines, as fast as the instance can print them.
      await wb.typeInTerminal('seq 1 200000; echo flood-$((1 + 1))\n');
      await wb.waitFor(async () => (await wb.terminalText()).split('\n').includes('flood-2'), {
        message: 'the end of the flood',
        timeout: 60_000,
        interval: 250,
      });
      const elapsed = Date.now() - started;
      await wb.screenshot('after the flood');
      // The workbench still answers: the palette opens and runs a command.
      await wb.runCommand('Terminal: Clear');
      await wb.waitFor(async () => !(await wb.terminalText()).includes('199999'), { message: 'the terminal to clear' });
      assert.ok(elapsed < 60_000, `the flood took ${elapsed} ms`);
    });

    it('stops a flood with Ctrl-C and answers an echo within seconds, while the tree, the palette and Show Details keep answering during it', async function () {
      this.timeout(120_000);
      const wb = e2e.workbench;
      await shellOpen(wb);
      await wb.typeInTerminal('yes lxdx-flood\n');
      let interrupted = 0;
      try {
        await wb.waitFor(async () => (await wb.terminalText()).split('\n').filter((l) => l === 'lxdx-flood').length > 5, {
          message: 'the flood to fill the terminal',
        });
        await wb.screenshot('flooding');

        // During the flood: the palette opens, the instance picker lists the instances, and Show
        // Details (requests made by the extension host) opens the instance's YAML, whose first
        // line names it.
        const asked = Date.now();
        await showDetails(wb, name);
        await wb.waitFor(async () => (await wb.editorText()).includes(`# ${name} on `), {
          message: 'the details during the flood',
          timeout: 45_000,
          interval: 100,
        });
        const detailsMs = Date.now() - asked;
        await wb.screenshot('details during the flood');
        await waitForInstanceRow(wb, name, { status: 'running' });
        assert.ok((await wb.terminalText()).split('\n').includes('lxdx-flood'), 'the flood still runs');

        await wb.pressInTerminal('Control+C');
        interrupted = Date.now();
        await wb.typeInTerminal('echo stopped-$((6 * 7))\n');
        await wb.waitFor(async () => (await wb.terminalText()).split('\n').includes('stopped-42'), {
          message: 'the echo after Ctrl-C',
          timeout: 30_000,
          interval: 100,
        });
        const answerMs = Date.now() - interrupted;
        await wb.screenshot('after Ctrl-C');
        const lines = (await wb.terminalText()).split('\n');
        assert.ok(!lines.slice(lines.indexOf('stopped-42')).includes('lxdx-flood'), 'nothing of the flood after the answer');
        console.log(
          `      [${target.name}] flood: Show Details took ${detailsMs} ms during it; the echo answered ${answerMs} ms after Ctrl-C`,
        );
        // Before the back-pressure it did not answer within 120 s; on a loaded test bed it takes up to ~10 s.
        assert.ok(detailsMs < 30_000, `Show Details (palette, picker, details) took ${detailsMs} ms during the flood`);
        assert.ok(answerMs < 20_000, `the echo answered ${answerMs} ms after Ctrl-C`);
      } finally {
        await wb.page.keyboard.press('Escape');
        if (!interrupted) {
          // The next tests need a quiet shell.
          await wb.pressInTerminal('Control+C');
        }
        await wb.runCommand('View: Close All Editors');
      }
    });

    it('keeps the extension host within bounded memory and answering while Run Command floods it (`yes`, 70 MB/s without a pty), and Ctrl-C stops it', async function () {
      this.timeout(120_000);
      const wb = e2e.workbench;
      await wb.runCommand('LXD: Run Command…');
      await wb.quickPick().pick(name);
      await wb.inputBox().submit('yes lxdx-flood');
      await terminalTab(wb, `lxd run: lxdx-test/${name}`).waitFor();
      let interrupted = false;
      let grew = 0;
      try {
        await wb.waitFor(async () => (await wb.terminalText()).split('\n').filter((l) => l === 'lxdx-flood').length > 5, {
          message: 'the flood to fill the terminal',
        });
        const before = await e2e.session.memory();
        /** Checks `done` and keeps the largest growth of the extension host's memory seen so far. */
        const sampling = (done: () => Promise<boolean>) => async (): Promise<boolean> => {
          grew = Math.max(grew, (await e2e.session.memory()).extensionHost - before.extensionHost);
          return done();
        };
        const asked = Date.now();
        await showDetails(wb, name);
        await wb.waitFor(
          sampling(async () => (await wb.editorText()).includes(`# ${name} on `)),
          { message: 'the details during the flood', timeout: 45_000, interval: 200 },
        );
        const detailsMs = Date.now() - asked;

        await wb.pressInTerminal('Control+C');
        interrupted = true;
        const stopped = Date.now();
        await wb.waitFor(
          sampling(async () => (await wb.terminalText()).includes('[process exited with code 130]')),
          { message: 'Ctrl-C to stop yes', timeout: 30_000, interval: 200 },
        );
        const stopMs = Date.now() - stopped;
        await wb.screenshot('run command flood stopped');
        console.log(
          `      [${target.name}] Run Command flood: Show Details took ${detailsMs} ms, Ctrl-C ended it ${stopMs} ms later, the extension host grew by ${(grew / 2 ** 20).toFixed(0)} MiB`,
        );
        // Before the back-pressure it did not answer within 120 s; on a loaded test bed it takes up to ~10 s.
        assert.ok(detailsMs < 30_000, `Show Details (palette, picker, details) took ${detailsMs} ms during the flood`);
        assert.ok(stopMs < 20_000, `yes ended ${stopMs} ms after Ctrl-C`);
        assert.ok(grew < 100 * 2 ** 20, `the extension host grew by ${grew} bytes during the flood`);
      } finally {
        await wb.page.keyboard.press('Escape');
        if (!interrupted) {
          await wb.pressInTerminal('Control+C');
        }
        await wb.runCommand('View: Close All Editors');
        // The command's terminal stays open with its exit code; a key closes it.
        await wb.typeInTerminal('x');
        await terminalTab(wb, `lxd run: lxdx-test/${name}`).waitFor({ state: 'detached' });
      }
    });

    it("tells the remote side the panel's size, and its new size after a resize", async () => {
      const wb = e2e.workbench;
      await shellOpen(wb);
      await wb.typeInTerminal('clear; stty size | sed "s/ /x/; s/^/size=/"\n');
      const first = await wb.waitFor(async () => sttySizes(await wb.terminalText())[0], { message: 'the first stty size' });
      assert.equal(first[0], await visibleRows(wb), 'rows match the panel');
      await wb.screenshot('size before');
      await wb.runCommand('View: Toggle Maximized Panel');
      await wb.waitFor(async () => (await visibleRows(wb)) > first[0], { message: 'the panel to grow' });
      const rows = await visibleRows(wb);
      await wb.typeInTerminal('clear; stty size | sed "s/ /x/; s/^/size=/"\n');
      const second = await wb.waitFor(async () => sttySizes(await wb.terminalText()).find(([r]) => r !== first[0]), {
        message: 'stty size to change after the resize',
      });
      assert.equal(second[0], rows, 'rows match the maximised panel');
      await wb.screenshot('size after maximise');
      await wb.runCommand('View: Toggle Maximized Panel');
    });

    it('shows the exit code when the shell exits with one', async () => {
      const wb = e2e.workbench;
      await shellOpen(wb);
      await wb.typeInTerminal('exit 3\n');
      await wb.waitFor(async () => (await wb.terminalText()).includes('[process exited with code 3]'), { message: 'the exit code line' });
      await wb.screenshot('exit code 3');
      await wb.typeInTerminal(' ');
      await terminalTab(wb, `lxd: lxdx-test/${name}`).waitFor({ state: 'detached' });
      await wb.screenshot('terminal closed after a key');
    });

    it('runs a command line from the palette: output, stderr in red, and the exit code', async () => {
      const wb = e2e.workbench;
      await wb.runCommand('LXD: Run Command…');
      await wb.quickPick().pick(name);
      await wb.inputBox().submit('echo out-$((1 + 1)); echo err-line >&2; exit 4');
      await terminalTab(wb, `lxd run: lxdx-test/${name}`).waitFor();
      await wb.waitFor(async () => (await wb.terminalText()).includes('[process exited with code 4]'), {
        message: 'the exit code of the command',
      });
      const lines = (await wb.terminalText()).split('\n');
      assert.ok(lines.includes('out-2') && lines.includes('err-line'), lines.join('\n'));
      const colour = (text: string) =>
        wb.page
          .locator('.terminal-wrapper.active .xterm-rows span', { hasText: text })
          .last()
          .evaluate(
            (el) =>
              (globalThis as unknown as { getComputedStyle(e: unknown): { color: string } })
                .getComputedStyle(el)
                .color.match(/\d+/g)
                ?.map(Number) ?? [],
          );
      const [r, g, b] = await colour('err-line');
      assert.ok(r > 120 && r > 2 * g && r > 2 * b, `stderr is red (rgb ${r}, ${g}, ${b})`);
      assert.notDeepEqual(await colour('out-2'), [r, g, b], 'stdout is not');
      await wb.screenshot('command output and exit code');
      await wb.typeInTerminal(' ');
      await terminalTab(wb, `lxd run: lxdx-test/${name}`).waitFor({ state: 'detached' });
    });

    it('attaches to the console, shows what the instance writes there, and detaches with Ctrl+A q', async () => {
      const wb = e2e.workbench;
      await wb.runCommand('LXD: Attach Console');
      await wb.quickPick().pick(name);
      await terminalTab(wb, `lxd console: lxdx-test/${name}`).waitFor();
      await wb.waitFor(async () => (await wb.terminalText()).includes('Ctrl+A q'), { message: 'the detach hint' });
      cli(target, ['exec', '--project', testbed().project, name, '--', 'sh', '-c', 'echo console-$((40 + 2)) > /dev/console']);
      await wb.waitFor(async () => (await wb.terminalText()).includes('console-42'), { message: 'what the instance wrote to its console' });
      await wb.screenshot('console output');
      await wb.page.locator('.terminal-wrapper.active .xterm').first().click();
      await wb.page.keyboard.press('Control+a');
      await wb.page.keyboard.press('q');
      await terminalTab(wb, `lxd console: lxdx-test/${name}`).waitFor({ state: 'detached' });
      await wb.screenshot('console detached');
    });

    it("opens a shell from the terminal panel's profile menu", async () => {
      const wb = e2e.workbench;
      await wb.runCommand('workbench.action.terminal.newWithProfile');
      await wb.quickPick().pick(/LXD: Instance Shell/);
      await wb.quickPick().pick(name);
      // From the palette the panel may be closed (the last terminal went with the console): show it,
      // as a click on the panel's + would have it.
      await wb.runCommand('workbench.action.terminal.focus');
      await terminalTab(wb, `lxd: lxdx-test/${name}`).waitFor();
      await wb.waitFor(async () => /[#$] *$/.test(await wb.terminalText()), { message: 'the shell prompt', timeout: 20_000 });
      await wb.typeInTerminal('echo profile-$((5 * 5))\n');
      await wb.waitFor(async () => (await wb.terminalText()).split('\n').includes('profile-25'), { message: 'the echo output' });
      await wb.screenshot('shell from the profile menu');
      await wb.typeInTerminal('exit\n');
      await terminalTab(wb, `lxd: lxdx-test/${name}`).waitFor({ state: 'detached' });
    });

    it('offers to start a stopped instance for a shell, and keeps two shells in it working across a refresh of the tree', async function () {
      this.timeout(120_000);
      const wb = e2e.workbench;
      const stopped = await fx.create('e2e-stopped');
      const tab = `lxd: lxdx-test/${stopped}`;
      const tabs = wb.page.locator('.terminal-tabs-entry', { hasText: tab });
      const prompts = async (): Promise<number> => (await wb.terminalText()).split('\n').filter((l) => /[#$] *$/.test(l)).length;

      await wb.runCommand('LXD: Open Shell');
      await wb.quickPick().pick(stopped);
      const modal = await wb.dialog();
      assert.equal(modal.message, `${stopped} is stopped. Start it to open a shell?`);
      await wb.screenshot('start it to open a shell');
      await modal.clickButton('Start');
      await terminalTab(wb, tab).waitFor({ timeout: 60_000 });
      assert.equal((await client.instances.get(stopped)).status, 'Running');
      await wb.waitFor(async () => (await prompts()) > 0, { message: "the first shell's prompt", timeout: 20_000 });
      await wb.typeInTerminal('echo one-$((0 + 1))\n');
      await wb.waitFor(async () => (await wb.terminalText()).split('\n').includes('one-1'), { message: "the first shell's output" });

      // Running now: a second shell opens without asking, beside the first.
      await wb.runCommand('LXD: Open Shell');
      await wb.quickPick().pick(stopped);
      await wb.waitFor(async () => (await tabs.count()) === 2, { message: 'two terminals in the instance', timeout: 20_000 });
      await wb.waitFor(async () => (await prompts()) > 0 && !(await wb.terminalText()).includes('one-1'), {
        message: "the second shell's prompt",
        timeout: 20_000,
      });
      await wb.typeInTerminal('echo two-$((1 + 1))\n');
      await wb.waitFor(async () => (await wb.terminalText()).split('\n').includes('two-2'), { message: "the second shell's output" });

      await wb.runCommand('LXD: Refresh');
      await tabs.first().click();
      await wb.waitFor(async () => (await wb.terminalText()).split('\n').includes('one-1'), {
        message: 'the first shell to be shown again',
      });
      await wb.typeInTerminal('echo again-$((1 + 2))\n');
      await wb.waitFor(async () => (await wb.terminalText()).split('\n').includes('again-3'), {
        message: 'the first shell to answer after the refresh',
      });
      await wb.screenshot('two shells after a refresh');

      // The first is the active one; with one terminal left, VS Code hides the tabs list.
      await wb.typeInTerminal('exit\n');
      await wb.waitFor(async () => (await tabs.count()) < 2, { message: 'one terminal left' });
      await wb.typeInTerminal('exit\n');
      await terminalTab(wb, tab).waitFor({ state: 'detached' });
    });

    it('ends a shell and the console with a message naming the cause when their instance stops, where the console stayed open with nothing more to show', async function () {
      this.timeout(120_000);
      const wb = e2e.workbench;
      const stopping = await fx.create('e2e-stopping', { start: true });
      const shellTab = `lxd: lxdx-test/${stopping}`;
      const consoleTab = `lxd console: lxdx-test/${stopping}`;
      await wb.runCommand('LXD: Open Shell');
      await wb.quickPick().pick(stopping);
      await terminalTab(wb, shellTab).waitFor();
      await wb.waitFor(async () => /[#$] *$/.test(await wb.terminalText()), { message: 'the shell prompt', timeout: 20_000 });
      await wb.runCommand('LXD: Attach Console');
      await wb.quickPick().pick(stopping);
      await terminalTab(wb, consoleTab).waitFor();
      await wb.waitFor(async () => (await wb.terminalText()).includes('Ctrl+A q'), { message: 'the detach hint' });

      cli(target, ['stop', '-f', '--project', testbed().project, stopping]);
      await wb.waitFor(async () => (await wb.terminalText()).includes(`The console closed: ${stopping} stopped`), {
        message: 'the console saying its instance stopped',
        timeout: 20_000,
      });
      await wb.screenshot('console of a stopped instance');
      await terminalTab(wb, shellTab).click();
      await wb.waitFor(async () => (await wb.terminalText()).includes(`The shell ended: ${stopping} stopped (exit code 137)`), {
        message: 'the shell saying its instance stopped',
      });
      await wb.screenshot('shell of a stopped instance');
      await wb.runCommand('workbench.action.terminal.killAll');
      await terminalTab(wb, consoleTab).waitFor({ state: 'detached' });
    });
  });
}
