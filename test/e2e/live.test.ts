import * as assert from 'assert';
import { cli } from '../support/cli';
import { testbed } from '../support/testbed';
import type { Locator } from 'playwright-core';
import { activeEditor, clickEditorAction, countInEditor, editorLine, hasEditorAction, textOf } from './harness/editor';
import { CliInstances, instancesPane, revealInstanceRow, runCli, testbedConnections, waitForInstanceRow } from './harness/explorer';
import { useWorkbench } from './harness/session';
import { Workbench } from './harness/workbench';

/** What happens once a menu action reached its command; `message` names it in a timeout. */
interface NextStep {
  done(): Promise<boolean>;
  message: string;
}

/**
 * Chooses `action` in the context menu of `row` and waits for `next`. A menu action on a tree row
 * reaches its command without the row when the tree was redrawing that row's parent right then
 * (other suites' instances come and go in the shared project): the command then asks which one, in
 * a picker titled `ask.title`, answered here with the only item `ask.text` leaves.
 */
async function menuAction(
  wb: Workbench,
  row: Locator,
  action: string,
  ask: { title: string; text: string },
  next: NextStep,
): Promise<void> {
  await wb.contextMenu(row, action);
  const qp = wb.quickPick();
  const asked = async (): Promise<boolean> => (await qp.isOpen()) && (await qp.title()) === ask.title;
  // Reading what the command needs may take a while on a busy test bed.
  await wb.waitFor(async () => (await asked()) || (await next.done()), {
    message: `${next.message} (or the picker "${ask.title}")`,
    timeout: 30_000,
  });
  if (await asked()) {
    await qp.type(ask.text);
    await wb.waitFor(async () => (await qp.items()).length === 1, { message: `one item with ${ask.text}`, timeout: 30_000 });
    await wb.page.keyboard.press('Enter');
    await wb.waitFor(() => next.done(), { message: next.message, timeout: 30_000 });
  }
}

/** The row of an instance, brought into view (the shared project's list is long), once it shows `status`. */
async function instanceRow(wb: Workbench, name: string, status: string): Promise<Locator> {
  return wb.waitFor(
    async () => {
      await revealInstanceRow(wb, name);
      return waitForInstanceRow(wb, name, { status, timeout: 5_000 });
    },
    { message: `${name} ${status} in the tree`, timeout: 40_000 },
  );
}

/** Whether the editor area has a tab named `label`. */
function hasTab(wb: Workbench, label: string): Promise<boolean> {
  return wb.page.locator('.tabs-container .tab', { hasText: label }).first().isVisible();
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
      this.timeout(240_000);
      const wb = e2e.workbench;
      const fx = fixtures.get(target)!;
      const name = await fx.create('e2e-con', { start: true });
      const say = (text: string): Promise<string> =>
        runCli(target, ['exec', name, '--project', project, '--', 'sh', '-c', `echo ${text} > /dev/console`]);
      await wb.openViewContainer('LXD');
      await instancesPane(wb);
      await menuAction(
        wb,
        await instanceRow(wb, name, 'running'),
        'Show Console Log',
        { title: 'Show Console Log', text: name },
        {
          done: () => hasTab(wb, `${name}.console.log`),
          message: 'the console log view',
        },
      );
      await wb.waitFor(async () => /Console log of .*\n# following/.test(await textOf(activeEditor(wb))), {
        message: 'the console log view, following',
        timeout: 30_000,
      });
      assert.ok(!(await hasEditorAction(wb, 'Filter Events')), 'no event filter on a console log');

      const live = `lxdx-live-${Date.now()}`;
      await say(live);
      await wb.waitFor(async () => (await textOf(activeEditor(wb))).includes(live), {
        message: 'the printed line in the open view',
        timeout: 30_000,
      });
      await wb.screenshot(`${target.name} console log following`);

      await clickEditorAction(wb, 'Stop Following');
      await wb.waitFor(async () => (await textOf(activeEditor(wb))).includes('not following') && (await hasEditorAction(wb, 'Follow')), {
        message: 'the view to say it does not follow',
      });
      const whilePaused = `lxdx-paused-${Date.now()}`;
      await say(whilePaused);
      // Paused, the view leaves the console's buffer alone: following again reads what came meanwhile.
      await clickEditorAction(wb, 'Follow');
      await wb.waitFor(async () => (await textOf(activeEditor(wb))).includes(whilePaused), {
        message: 'what came while paused, once following again',
        timeout: 30_000,
      });
      await wb.screenshot(`${target.name} console log followed again`);

      // Closed, the view reads no more: what the instance prints next is the CLI's to read.
      await wb.runCommand('View: Close All Editors');
      await wb.page.locator('.tabs-container .tab', { hasText: `${name}.console.log` }).waitFor({ state: 'detached' });
      const afterClose = `lxdx-closed-${Date.now()}`;
      await say(afterClose);
      assert.match(cli(target, ['console', name, '--show-log', '--project', project]), new RegExp(afterClose));
    });

    it(`shows a start by the CLI in Show Events; a filter on another instance hides it, Clear Filter shows it again [${target.name}]`, async function () {
      this.timeout(240_000);
      const wb = e2e.workbench;
      const fx = fixtures.get(target)!;
      const [name, other] = await Promise.all([fx.create('e2e-ev'), fx.create('e2e-other')]);
      await wb.openViewContainer('LXD');
      await instancesPane(wb);
      // From the server's row when the view shows servers (several of them), else from the palette.
      const eventsShown = { done: () => hasTab(wb, `${target.name}.events.log`), message: 'the events view' };
      if (targets.length > 1) {
        await menuAction(
          wb,
          await revealInstanceRow(wb, target.name),
          'Show Events',
          { title: 'Show Events', text: target.name },
          eventsShown,
        );
      } else {
        await wb.runCommand('LXD: Show Events');
        await wb.waitFor(eventsShown.done, eventsShown);
      }
      // Other suites' events keep coming: the header may be out of view, the editor's find counts it anyway.
      await wb.waitFor(
        async () => (await countInEditor(wb, `Events of ${target.name} (`)) === 1 && (await countInEditor(wb, '· following: ')) === 1,
        {
          message: 'the events view, following',
        },
      );

      await runCli(target, ['start', name, '--project', project]);
      const started = `instance-started instances/${name}`;
      await wb.waitFor(async () => (await countInEditor(wb, started)) === 1, {
        message: `"${started}" in the events view`,
        timeout: 30_000,
      });
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
      await wb.waitFor(async () => (await wb.quickPick().title()).startsWith('Show the events of one instance'), {
        message: 'the instances to choose from',
        timeout: 30_000,
      });
      await wb.quickPick().type(other);
      await wb.quickPick().pick(other);
      await wb.waitFor(async () => (await countInEditor(wb, `· instance ${other}`)) === 1, { message: 'the header to name the filter' });
      await wb.waitFor(async () => (await countInEditor(wb, started)) === 0, { message: 'the start of the other instance hidden' });
      await runCli(target, ['start', other, '--project', project]);
      await wb.waitFor(async () => (await countInEditor(wb, `instance-started instances/${other}`)) === 1, {
        message: "the filtered instance's own start shown",
        timeout: 30_000,
      });
      await wb.page.keyboard.press('Escape');
      await wb.screenshot(`${target.name} events filtered`);

      await clickEditorAction(wb, 'Clear Event Filter');
      await wb.waitFor(async () => (await countInEditor(wb, started)) === 1, {
        message: 'the hidden start back once the filter is cleared',
      });
      assert.ok(!(await hasEditorAction(wb, 'Clear Event Filter')), 'nothing left to clear');
    });

    it(`opens a port served inside a container without NIC through a proxy device it adds, shows the device under the instance and removes it [${target.name}]`, async function () {
      this.timeout(240_000);
      const wb = e2e.workbench;
      const fx = fixtures.get(target)!;
      const name = await fx.create('e2e-web', { start: true });
      const page = `hello from ${name}`;
      await runCli(target, [
        'exec',
        name,
        '--project',
        project,
        '--',
        'sh',
        '-c',
        `ip link set lo up && mkdir -p /www && echo "${page}" > /www/index.html && busybox httpd -p 127.0.0.1:8000 -h /www`,
      ]);
      await wb.openViewContainer('LXD');
      await instancesPane(wb);
      const ports = wb.quickPick();
      await menuAction(
        wb,
        await instanceRow(wb, name, 'running'),
        'Open in Browser…',
        { title: 'Open in Browser', text: name },
        {
          done: async () => (await ports.isOpen()) && (await ports.title()).startsWith(`Open a port of ${name}`),
          message: 'the ports to choose from',
        },
      );
      await wb.waitFor(async () => (await ports.items()).includes('8000'), { message: 'port 8000 offered' });
      await wb.screenshot(`${target.name} ports offered`);
      await ports.pick('8000');
      const dialog = await wb.dialog();
      assert.match(dialog.message, new RegExp(`Open port 8000 of ${name} through a proxy device`));
      assert.match(dialog.detail, /vscode-web-8000/);
      const opened = e2e.session.context.waitForEvent('page', { timeout: 20_000 });
      await dialog.clickButton('Add Device and Open');

      const shown = await wb.waitFor(
        () => cli(target, ['config', 'device', 'show', name, '--project', project]).match(/vscode-web-8000:[\s\S]*/)?.[0],
        {
          message: 'the device in the CLI',
          timeout: 20_000,
        },
      );
      const listen = /listen: tcp:127\.0\.0\.1:(\d+)/.exec(shown);
      assert.ok(listen, `the device's listen address:\n${shown}`);
      assert.match(shown, /connect: tcp:127\.0\.0\.1:8000/);
      const tab = await opened;
      const url = tab.url() === 'about:blank' ? (await tab.waitForURL(/^http/), tab.url()) : tab.url();
      // code-server hands the browser its own path to the loopback port (asExternalUri): /proxy/<port>/.
      assert.match(url, new RegExp(`^http://127\\.0\\.0\\.1:\\d+/proxy/${listen[1]}/$`), `the browser opened ${url}`);
      const body = await wb.waitFor(async () => (await fetch(url)).text(), { message: `${url} to answer`, timeout: 30_000 });
      assert.equal(body.trim(), page);
      await tab.close();

      // The device's row under its instance: the only one with its port (the other daemon's run has one by its name too).
      const deviceRow = (await instancesPane(wb))
        .locator('.monaco-list-row', {
          has: wb.page.locator('.label-name', { hasText: 'vscode-web-8000' }),
          hasText: `127.0.0.1:${listen[1]} → 127.0.0.1:8000`,
        })
        .first();
      await wb.waitFor(
        async () => {
          if (await deviceRow.isVisible()) {
            return true;
          }
          const row = await instanceRow(wb, name, 'running');
          if ((await row.getAttribute('aria-expanded')) !== 'true') {
            await row.locator('.monaco-tl-twistie').click();
          }
          return deviceRow.isVisible();
        },
        { message: 'the device under its instance in the tree', timeout: 40_000 },
      );
      assert.equal(await wb.treeItemDescription(deviceRow), `127.0.0.1:${listen[1]} → 127.0.0.1:8000`);
      await wb.screenshot(`${target.name} proxy device in the tree`);
      await menuAction(
        wb,
        deviceRow,
        'Remove Proxy Device…',
        { title: 'Remove Proxy Device', text: name },
        {
          done: () => wb.page.locator('.monaco-dialog-box').isVisible(),
          message: 'the confirmation',
        },
      );
      const confirm = await wb.dialog();
      assert.match(confirm.message, new RegExp(`Remove the proxy device "vscode-web-8000" from ${name}`));
      await confirm.clickButton('Remove');
      await wb.waitFor(() => !cli(target, ['config', 'device', 'show', name, '--project', project]).includes('vscode-web-8000'), {
        message: 'the device gone (CLI)',
        timeout: 30_000,
      });
      await deviceRow.waitFor({ state: 'detached', timeout: 20_000 });
      // Collapsed, its row asks nothing more of the tree while the other tests run.
      const row = await instanceRow(wb, name, 'running');
      if ((await row.getAttribute('aria-expanded')) === 'true') {
        await row.locator('.monaco-tl-twistie').click();
      }
    });
  }
});
