import * as assert from 'assert';
import type { Locator } from 'playwright-core';
import { query } from '../support/cli';
import { Target, testbed } from '../support/testbed';
import { activeEditor, selectOnly, textOf } from './harness/editor';
import { CliInstances, instancesPane, testbedConnections, waitForInstanceRow } from './harness/explorer';
import { useWorkbench } from './harness/session';
import { Workbench } from './harness/workbench';

/** Puts the cursor at the end of the only line of the active editor that holds `text`. */
async function cursorAfter(wb: Workbench, text: string): Promise<void> {
  await selectOnly(wb, activeEditor(wb), text);
  await wb.page.keyboard.press('End');
}

/** The suggest widget, once it lists a row whose label is `label`. */
async function suggestion(wb: Workbench, label: string): Promise<Locator> {
  const row = wb.page
    .locator('.editor-widget.suggest-widget.visible .monaco-list-row', { has: wb.page.locator('.label-name', { hasText: label }) })
    .first();
  await row.waitFor({ timeout: 20_000 });
  return row;
}

/** The Problems panel's text, once `wanted` is all in it. */
async function problems(wb: Workbench, wanted: RegExp[]): Promise<string> {
  const panel = wb.page.locator('.markers-panel');
  return wb.waitFor(
    async () => {
      const text = (await panel.isVisible()) ? await panel.innerText() : '';
      return wanted.every((w) => w.test(text)) && text;
    },
    { timeout: 20_000, message: `the Problems view to show ${wanted.join(', ')}` },
  );
}

/**
 * In an instance's configuration editor, keys complete, explain themselves on hover and are checked
 * before save: from Incus' own key list, and on LXD 5.0 (which publishes none) from the generated
 * table, marked "not advertised by this server".
 */
describe('Configuration keys in the YAML editor', function () {
  const { project, targets } = testbed();
  const fixtures = new Map<Target, CliInstances>();

  before(() => targets.forEach((t) => fixtures.set(t, new CliInstances(t, project))));
  after(async function () {
    this.timeout(60_000);
    await Promise.all([...fixtures.values()].map((fx) => fx.cleanup()));
  });

  const e2e = useWorkbench({ name: 'config-keys', settings: testbedConnections({ 'files.autoSave': 'off' }) });

  for (const target of targets) {
    it(`completes limits.memory and boot.autostart under config:, explains them, and flags a wrong type and an unknown key before save [${target.name}]`, async function () {
      // Room for a busy machine: the test bed is shared.
      this.timeout(180_000);
      const wb = e2e.workbench;
      const name = await fixtures.get(target)!.create('keys', { config: { 'user.lxdx-e2e': 'kept' } });
      const tab = wb.page.locator('.tabs-container .tab', { hasText: `${name}.yaml` });
      await wb.openViewContainer('LXD');
      await instancesPane(wb);
      await wb.contextMenu(await waitForInstanceRow(wb, name, { status: 'stopped', timeout: 60_000 }), 'Edit Configuration');
      await tab.waitFor();
      await wb.waitFor(async () => (await textOf(activeEditor(wb))).includes('user.lxdx-e2e: kept'), {
        message: 'the configuration in the editor',
      });

      // A key typed up to its dot is completed; accepting it inserts "key: ".
      await cursorAfter(wb, 'user.lxdx-e2e: kept');
      await wb.page.keyboard.press('Enter');
      await wb.page.keyboard.type('limits.');
      const cpu = await suggestion(wb, 'limits.cpu');
      if (target.name === 'lxd') {
        assert.match(await cpu.innerText(), /not advertised by this server/);
      }
      await wb.page.keyboard.type('memo');
      await suggestion(wb, 'limits.memory');
      await wb.screenshot(`${target.name} completion`);
      await wb.page.keyboard.press('Enter');
      await wb.page.keyboard.type('1GiB');
      await wb.waitFor(async () => (await textOf(activeEditor(wb))).includes('  limits.memory: 1GiB'), {
        message: 'limits.memory completed',
      });

      // Asked for (Ctrl+Space), a boolean key comes with true and false to choose from; "maybe" is an error.
      await wb.page.keyboard.press('Enter');
      await wb.page.keyboard.type('boot.autos');
      await wb.page.keyboard.press('Control+Space');
      await suggestion(wb, 'boot.autostart');
      await wb.page.keyboard.press('Enter');
      await wb.waitFor(async () => (await textOf(activeEditor(wb))).includes('  boot.autostart: true'), {
        message: 'boot.autostart completed with true',
      });
      await wb.page.keyboard.type('maybe');
      // Leaves the snippet (its list of choices) before going on.
      await wb.page.keyboard.press('Escape');
      await wb.waitFor(async () => (await textOf(activeEditor(wb))).includes('  boot.autostart: maybe'), {
        message: 'boot.autostart: maybe typed',
      });
      await wb.page.keyboard.press('End');
      await wb.page.keyboard.press('Enter');
      await wb.page.keyboard.type('lxdx.unknown: "1"');
      await wb.page.keyboard.press('Enter');
      await wb.page.keyboard.type('user.foo: bar');

      await wb.runCommand('workbench.actions.view.problems');
      const listed = await problems(wb, [/"boot\.autostart" is a boolean: true or false/, /Unknown key "lxdx\.unknown" for an instance/]);
      assert.doesNotMatch(listed, /user\.foo/, 'a user key is not flagged');
      assert.doesNotMatch(listed, /image\.|volatile\./, 'nor are the keys the server wrote');
      await wb.screenshot(`${target.name} problems`);

      // Hovering a key explains it.
      await activeEditor(wb)
        .locator('.view-line span', { hasText: /^limits\.memory$/ })
        .first()
        .hover();
      const hover = wb.page
        .locator('.monaco-hover.visible, .monaco-hover:not(.hidden)')
        .filter({ hasText: "Usage limit for the host's memory" })
        .first();
      await hover.waitFor({ timeout: 20_000 });
      const explained = await hover.innerText();
      assert.match(explained, /limits\.memory/);
      if (target.name === 'lxd') {
        assert.match(explained, /Not advertised by this server: LXD 5\.0\.2 publishes no key list, this is Incus 6\.0\.4's/);
      } else {
        assert.match(explained, /From the key list of this server \(Incus 6\.0\.4\)/);
      }
      await wb.screenshot(`${target.name} hover`);

      // Nothing was sent: the checks run before save.
      const config = query<{ config: Record<string, string> }>(target, `/1.0/instances/${name}`, project).config;
      assert.equal(config['boot.autostart'], undefined);
    });
  }

  afterEach(async function () {
    const wb = e2e.workbench;
    if (await wb.page.locator('.tabs-container .tab.dirty').count()) {
      await wb.runCommand('File: Revert File');
    }
    await wb.runCommand('View: Close All Editors');
  });
});
