import * as assert from 'assert';
import { query } from '../support/cli';
import { Target, testbed } from '../support/testbed';
import { activeEditor, replaceIn, textOf } from './harness/editor';
import {
  CliInstances,
  fromMenu,
  instancesPane,
  openConfigFromMenu,
  revealInstanceRow,
  runCli,
  testbedConnections,
  waitForInstanceRow,
} from './harness/explorer';
import { useWorkbench } from './harness/session';

/** The instance's config as the API has it. */
function apiConfig(target: Target, name: string): Record<string, string> {
  return query<{ config: Record<string, string> }>(target, `/1.0/instances/${name}`, testbed().project).config;
}

/**
 * Edit Configuration opens the instance's YAML in an editor (`lxd-config:`); saving applies it
 * with the ETag it was read with. On LXD and on Incus.
 */
describe('Instance configuration edited as YAML in the explorer', function () {
  const { project, targets } = testbed();
  const fixtures = new Map<Target, { fx: CliInstances; name: string }>();

  before(async function () {
    this.timeout(60_000);
    await Promise.all(
      targets.map(async (target) => {
        const fx = new CliInstances(target, project);
        fixtures.set(target, { fx, name: '' });
        const name = await fx.create('cfg', { config: { 'user.lxdx-e2e': 'value-one', 'user.lxdx-api': 'aaaa' } });
        fixtures.set(target, { fx, name });
      }),
    );
  });

  after(async function () {
    this.timeout(60_000);
    await Promise.all([...fixtures.values()].map((f) => f.fx.cleanup()));
  });

  const e2e = useWorkbench({
    name: 'explorer-config',
    // A row revealed at the top of a scrolled tree lies under the sticky server row, which takes its clicks.
    settings: testbedConnections({ 'files.autoSave': 'off', 'workbench.tree.enableStickyScroll': false }),
  });

  for (const target of targets) {
    it(`saves an edited user key; refuses invalid YAML, keeping the text [${target.name}]`, async function () {
      this.timeout(120_000);
      const wb = e2e.workbench;
      const { name } = fixtures.get(target)!;
      const dirty = wb.page.locator('.tabs-container .tab.dirty', { hasText: `${name}.yaml` });
      await wb.openViewContainer('LXD');
      await instancesPane(wb);
      await revealInstanceRow(wb, name, 60_000);
      await openConfigFromMenu(wb, await waitForInstanceRow(wb, name, { status: 'stopped', timeout: 60_000 }), 'Edit Configuration', name);
      await wb.waitFor(async () => (await textOf(activeEditor(wb))).includes('user.lxdx-e2e: value-one'), {
        message: 'the configuration in the editor',
      });
      await wb.screenshot(`${target.name} editor open`);

      // A change saved is applied.
      await replaceIn(wb, activeEditor(wb), 'value-one', 'value-two');
      await dirty.waitFor();
      await wb.page.keyboard.press('Control+S');
      // A save is a read, a PUT and a read back: on a loaded test bed LXD's database retries a
      // timed-out transaction ("Transaction timed out. Retrying once"), and the status bar said
      // "Saving…" for more than 15 s while it did.
      await dirty.waitFor({ state: 'detached', timeout: 60_000 });
      await wb.waitFor(() => apiConfig(target, name)['user.lxdx-e2e'] === 'value-two', { message: 'the API to show the saved value' });
      assert.strictEqual(apiConfig(target, name)['user.lxdx-api'], 'aaaa');
      await wb.screenshot(`${target.name} saved`);

      // Invalid YAML is refused, with where the problem is.
      await replaceIn(wb, activeEditor(wb), 'value-two', 'value: two');
      await wb.page.keyboard.press('Control+S');
      const invalid = await wb.notification(/Invalid YAML/);
      assert.match(invalid.message, /line \d+, column \d+/);
      assert.match(invalid.message, /Nothing was applied/);
      await wb.screenshot(`${target.name} invalid yaml refused`);
      await invalid.dismiss();
      assert.ok(await dirty.isVisible(), 'the editor keeps the unsaved text');
      assert.strictEqual(apiConfig(target, name)['user.lxdx-e2e'], 'value-two');
      await wb.runCommand('File: Revert File');
      await dirty.waitFor({ state: 'detached' });
      // Changes made elsewhere meanwhile, compared and merged: config-conflicts.test.ts.
    });
  }

  for (const target of targets) {
    it(`shows a running instance's details and its console log as read-only documents, from its context menu [${target.name}]`, async function () {
      this.timeout(90_000);
      const wb = e2e.workbench;
      const { fx } = fixtures.get(target)!;
      const name = await fx.create('logs', { start: true });
      const marker = `lxdx-console-${Date.now()}`;
      await runCli(target, ['exec', name, '--project', project, '--', 'sh', '-c', `echo ${marker} > /dev/console`]);
      await wb.openViewContainer('LXD');
      await instancesPane(wb);

      await revealInstanceRow(wb, name, 60_000);
      await fromMenu(wb, await waitForInstanceRow(wb, name, { status: 'running' }), 'Show Details', name, {
        until: async () => {
          const text = await textOf(activeEditor(wb)).catch(() => '');
          return text.includes(`name: ${name}`) && text.includes('status: Running');
        },
        message: `the details of ${name} in an editor`,
      });
      await wb.screenshot(`${target.name} details`);
      // Typing is refused with VS Code's own message: the document is the server's, not a file.
      await activeEditor(wb).locator('.view-lines').first().click();
      await wb.page.keyboard.type('x');
      await activeEditor(wb)
        .locator('.monaco-editor-overlaymessage', { hasText: /read-only/ })
        .waitFor();

      await revealInstanceRow(wb, name, 60_000);
      await fromMenu(wb, await waitForInstanceRow(wb, name, { status: 'running' }), 'Show Console Log', name, {
        until: async () => (await textOf(activeEditor(wb)).catch(() => '')).includes(marker),
        message: 'what the instance wrote to its console, in an editor',
      });
      await wb.screenshot(`${target.name} console log`);
    });
  }

  // After the failure record (useWorkbench's own afterEach runs first): the next test starts clean.
  afterEach(async function () {
    const wb = e2e.workbench;
    if (await wb.page.locator('.tabs-container .tab.dirty').count()) {
      await wb.runCommand('File: Revert File');
    }
    await wb.runCommand('View: Close All Editors');
  });
});
