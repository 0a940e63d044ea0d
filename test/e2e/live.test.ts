import * as assert from 'assert';
import { cli } from '../support/cli';
import { testbed } from '../support/testbed';
import { activeEditor, clickEditorAction, countInEditor, editorLine, hasEditorAction, textOf } from './harness/editor';
import { CliInstances, instancesPane, instancesRow, runCli, testbedConnections, waitForInstanceRow } from './harness/explorer';
import { useWorkbench } from './harness/session';
import { Workbench } from './harness/workbench';

/**
 * Show Events: from the server's context menu when the view shows servers (several of them), else
 * from the palette.
 */
async function showEvents(wb: Workbench, server: string): Promise<void> {
  if (testbed().targets.length > 1) {
    await wb.contextMenu(instancesRow(wb, server), 'Show Events');
  } else {
    await wb.runCommand('LXD: Show Events');
  }
}

/**
 * A menu action on a tree row reaches its command without the row when the tree was redrawing that
 * row's parent right then (other suites' instances come and go in the shared project): the command
 * then asks which one, in a picker titled `title`. Answers it with the row that has `text`.
 */
async function pickRowIfAsked(wb: Workbench, title: string, text: string): Promise<void> {
  const qp = wb.quickPick();
  const asked = async (): Promise<boolean> => (await qp.isOpen()) && (await qp.title()) === title;
  await wb.waitFor(async () => (await asked()) || (await wb.page.locator('.monaco-dialog-box').isVisible()) || ((await qp.isOpen()) && (await qp.title()) !== ''), {
    message: `the next step after the menu action (or the picker "${title}")`,
  });
  if (await asked()) {
    await qp.type(text);
    await wb.waitFor(async () => (await qp.items()).length === 1, { message: `one row with ${text}` });
    await wb.page.keyboard.press('Enter');
  }
}

/**
 * Logs that follow, a server's events live, and a port inside an instance opened in the browser:
 * on LXD and on Incus, with what the daemon's CLI does elsewhere.
 */
describe('Live logs, events and instances users can reach', function () {
  const { project, targets } = testbed();
  const fixtures = new Map(targets.map((t) => [t, new CliInstances(t, project)]));

  after(async function () {
    this.timeout(60_000);
    await Promise.all([...fixtures.values()].map((fx) => fx.cleanup()));
  });

  const e2e = useWorkbench({ name: 'live', settings: testbedConnections() });

  afterEach(async function () {
    const wb = e2e.workbench;
    await wb.page.keyboard.press('Escape');
    await wb.runCommand('View: Close All Editors');
  });

  for (const target of targets) {
    it(`shows a line the instance prints to /dev/console in its open console log, without a refresh; Stop Following pauses [${target.name}]`, async function () {
      this.timeout(120_000);
      const wb = e2e.workbench;
      const fx = fixtures.get(target)!;
      const name = await fx.create('e2e-con', { start: true });
      const say = (text: string): Promise<string> => runCli(target, ['exec', name, '--project', project, '--', 'sh', '-c', `echo ${text} > /dev/console`]);
      await wb.openViewContainer('LXD');
      await instancesPane(wb);
      await wb.contextMenu(await waitForInstanceRow(wb, name, { status: 'running' }), 'Show Console Log');
      await wb.waitFor(async () => /Console log of .*\n# following/.test(await textOf(activeEditor(wb))), { message: 'the console log view, following' });
      assert.ok(!(await hasEditorAction(wb, 'Filter Events')), 'no event filter on a console log');

      const live = `lxdx-live-${Date.now()}`;
      await say(live);
      await wb.waitFor(async () => (await textOf(activeEditor(wb))).includes(live), { message: 'the printed line in the open view', timeout: 15_000 });
      await wb.screenshot(`${target.name} console log following`);

      await clickEditorAction(wb, 'Stop Following');
      await wb.waitFor(async () => (await textOf(activeEditor(wb))).includes('not following') && (await hasEditorAction(wb, 'Follow')), { message: 'the view to say it does not follow' });
      const whilePaused = `lxdx-paused-${Date.now()}`;
      await say(whilePaused);
      // Paused, the view leaves the console's buffer alone: following again reads what came meanwhile.
      await clickEditorAction(wb, 'Follow');
      await wb.waitFor(async () => (await textOf(activeEditor(wb))).includes(whilePaused), { message: 'what came while paused, once following again', timeout: 15_000 });
      await wb.screenshot(`${target.name} console log followed again`);

      // Closed, the view reads no more: what the instance prints next is the CLI's to read.
      await wb.runCommand('View: Close All Editors');
      await wb.page.locator('.tabs-container .tab', { hasText: `${name}.console.log` }).waitFor({ state: 'detached' });
      const afterClose = `lxdx-closed-${Date.now()}`;
      await say(afterClose);
      assert.match(cli(target, ['console', name, '--show-log', '--project', project]), new RegExp(afterClose));
    });

    it(`shows a start by the CLI in Show Events; a filter on another instance hides it, Clear Filter shows it again [${target.name}]`, async function () {
      this.timeout(120_000);
      const wb = e2e.workbench;
      const fx = fixtures.get(target)!;
      const [name, other] = await Promise.all([fx.create('e2e-ev'), fx.create('e2e-other')]);
      await wb.openViewContainer('LXD');
      await instancesPane(wb);
      await showEvents(wb, target.name);
      // Other suites' events keep coming: the header may be out of view, the editor's find counts it anyway.
      await wb.waitFor(async () => (await countInEditor(wb, `Events of ${target.name} (`)) === 1 && (await countInEditor(wb, '· following: ')) === 1, {
        message: 'the events view, following',
      });

      await runCli(target, ['start', name, '--project', project]);
      const started = `instance-started instances/${name}`;
      await wb.waitFor(async () => (await countInEditor(wb, started)) === 1, { message: `"${started}" in the events view`, timeout: 15_000 });
      await wb.page.keyboard.press('Escape');
      // The line's details, on demand: the whole event as YAML, over it. Paused, the view keeps still
      // (other suites' events keep coming, and an editor closes its hover when the text changes).
      await clickEditorAction(wb, 'Stop Following');
      // Find brings the line into view (other events may have pushed it out of it).
      assert.equal(await countInEditor(wb, started), 1);
      await wb.page.keyboard.press('Enter');
      await wb.page.keyboard.press('Escape');
      await wb.waitFor(async () => (await editorLine(wb, started).count()) > 0, { message: 'the start line in view' });
      await editorLine(wb, started).hover();
      const hover = wb.page.locator('.monaco-hover:visible', { hasText: 'action: instance-started' });
      await hover.waitFor();
      // The YAML is coloured a moment after the hover opens.
      await hover.locator('.monaco-tokenized-source').waitFor();
      assert.match(await hover.innerText(), new RegExp(`source: /1\\.0/instances/${name}`));
      await wb.screenshot(`${target.name} events with details`);
      await wb.page.mouse.move(0, 0);
      await clickEditorAction(wb, 'Follow');

      await clickEditorAction(wb, 'Filter Events');
      await wb.quickPick().pick(/^Instance…$/);
      await wb.waitFor(async () => (await wb.quickPick().title()).startsWith('Show the events of one instance'), { message: 'the instances to choose from' });
      await wb.quickPick().type(other);
      await wb.quickPick().pick(other);
      await wb.waitFor(async () => (await countInEditor(wb, `· instance ${other}`)) === 1, { message: 'the header to name the filter' });
      await wb.waitFor(async () => (await countInEditor(wb, started)) === 0, { message: 'the start of the other instance hidden' });
      await runCli(target, ['start', other, '--project', project]);
      await wb.waitFor(async () => (await countInEditor(wb, `instance-started instances/${other}`)) === 1, { message: 'the filtered instance\'s own start shown', timeout: 15_000 });
      await wb.page.keyboard.press('Escape');
      await wb.screenshot(`${target.name} events filtered`);

      await clickEditorAction(wb, 'Clear Event Filter');
      await wb.waitFor(async () => (await countInEditor(wb, started)) === 1, { message: 'the hidden start back once the filter is cleared' });
      assert.ok(!(await hasEditorAction(wb, 'Clear Event Filter')), 'nothing left to clear');
    });

    it(`opens a port served inside a container without NIC through a proxy device it adds, shows the device under the instance and removes it [${target.name}]`, async function () {
      this.timeout(120_000);
      const wb = e2e.workbench;
      const fx = fixtures.get(target)!;
      const name = await fx.create('e2e-web', { start: true });
      const page = `hello from ${name}`;
      await runCli(target, ['exec', name, '--project', project, '--', 'sh', '-c', `ip link set lo up && mkdir -p /www && echo "${page}" > /www/index.html && busybox httpd -p 127.0.0.1:8000 -h /www`]);
      await wb.openViewContainer('LXD');
      await instancesPane(wb);
      await wb.contextMenu(await waitForInstanceRow(wb, name, { status: 'running' }), 'Open in Browser…');
      const ports = wb.quickPick();
      await pickRowIfAsked(wb, 'Open in Browser', name);
      await wb.waitFor(async () => (await ports.items()).includes('8000'), { message: 'port 8000 offered' });
      await wb.screenshot(`${target.name} ports offered`);
      await ports.pick('8000');
      const dialog = await wb.dialog();
      assert.match(dialog.message, new RegExp(`Open port 8000 of ${name} through a proxy device`));
      assert.match(dialog.detail, /vscode-web-8000/);
      const opened = e2e.session.context.waitForEvent('page', { timeout: 20_000 });
      await dialog.clickButton('Add Device and Open');

      const shown = await wb.waitFor(() => cli(target, ['config', 'device', 'show', name, '--project', project]).match(/vscode-web-8000:[\s\S]*/)?.[0], {
        message: 'the device in the CLI',
        timeout: 20_000,
      });
      const listen = /listen: tcp:127\.0\.0\.1:(\d+)/.exec(shown);
      assert.ok(listen, `the device's listen address:\n${shown}`);
      assert.match(shown, /connect: tcp:127\.0\.0\.1:8000/);
      const tab = await opened;
      const url = tab.url() === 'about:blank' ? (await tab.waitForURL(/^http/), tab.url()) : tab.url();
      // code-server hands the browser its own path to the loopback port (asExternalUri): /proxy/<port>/.
      assert.match(url, new RegExp(`^http://127\\.0\\.0\\.1:\\d+/proxy/${listen[1]}/$`), `the browser opened ${url}`);
      const body = await wb.waitFor(async () => (await fetch(url)).text(), { message: `${url} to answer` });
      assert.equal(body.trim(), page);
      await tab.close();

      const row = await waitForInstanceRow(wb, name, { status: 'running' });
      if ((await row.getAttribute('aria-expanded')) !== 'true') {
        await row.locator('.monaco-tl-twistie').click();
      }
      const deviceRow = await wb.treeItem('Instances', 'vscode-web-8000');
      assert.equal(await wb.treeItemDescription(deviceRow), `127.0.0.1:${listen[1]} → 127.0.0.1:8000`);
      await wb.screenshot(`${target.name} proxy device in the tree`);
      await wb.contextMenu(deviceRow, 'Remove Proxy Device…');
      await pickRowIfAsked(wb, 'Remove Proxy Device', name);
      const confirm = await wb.dialog();
      assert.match(confirm.message, new RegExp(`Remove the proxy device "vscode-web-8000" from ${name}`));
      await confirm.clickButton('Remove');
      await wb.waitFor(() => !cli(target, ['config', 'device', 'show', name, '--project', project]).includes('vscode-web-8000'), { message: 'the device gone (CLI)' });
      await instancesRow(wb, 'vscode-web-8000').waitFor({ state: 'detached', timeout: 20_000 });
    });
  }
});
