import * as assert from 'assert';
import type { Locator } from 'playwright-core';
import { query } from '../support/cli';
import { Target, testbed } from '../support/testbed';
import { activeEditor, selectOnly, textOf } from './harness/editor';
import { CliInstances, instancesPane, runCli, testbedConnections, waitForInstanceRow } from './harness/explorer';
import { useWorkbench } from './harness/session';
import { Workbench } from './harness/workbench';

/** The instance's config as the API has it. */
function apiConfig(target: Target, name: string): Record<string, string> {
  return query<{ config: Record<string, string> }>(target, `/1.0/instances/${name}`, testbed().project).config;
}

/** Selects the only `text` in `editor` (with its find widget) and types `replacement` over it. */
async function replaceIn(wb: Workbench, editor: Locator, text: string, replacement: string): Promise<void> {
  await selectOnly(wb, editor, text);
  await wb.page.keyboard.insertText(replacement);
  await wb.waitFor(async () => (await textOf(editor)).includes(replacement), { message: `the editor to show "${replacement}"` });
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
    settings: testbedConnections({
      'files.autoSave': 'off',
      // Side by side even in a narrow editor area: the server's version on the left, the text on the right.
      'diffEditor.useInlineViewWhenSpaceIsLimited': false,
    }),
  });

  for (const target of targets) {
    it(`saves an edited user key; refuses invalid YAML and a version changed meanwhile, keeping the text [${target.name}]`, async function () {
      this.timeout(120_000);
      const wb = e2e.workbench;
      const { name } = fixtures.get(target)!;
      const tab = wb.page.locator('.tabs-container .tab', { hasText: `${name}.yaml` });
      const dirty = wb.page.locator('.tabs-container .tab.dirty', { hasText: `${name}.yaml` });
      await wb.openViewContainer('LXD');
      await instancesPane(wb);
      await wb.contextMenu(await waitForInstanceRow(wb, name, { status: 'stopped', timeout: 60_000 }), 'Edit Configuration');
      await tab.waitFor();
      await wb.waitFor(async () => (await textOf(activeEditor(wb))).includes('user.lxdx-e2e: value-one'), { message: 'the configuration in the editor' });
      await wb.screenshot(`${target.name} editor open`);

      // A change saved is applied.
      await replaceIn(wb, activeEditor(wb), 'value-one', 'value-two');
      await dirty.waitFor();
      await wb.page.keyboard.press('Control+S');
      await dirty.waitFor({ state: 'detached' });
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

      // A change made on the server after the editor read it: the save is refused, the text kept.
      // Same length on purpose: VS Code itself only notices a newer file whose size changed.
      await runCli(target, ['config', 'set', name, 'user.lxdx-api=bbbb', '--project', project]);
      await replaceIn(wb, activeEditor(wb), 'value-two', 'value-six');
      await wb.page.keyboard.press('Control+S');
      const conflict = await wb.notification(/changed on the server/, { timeout: 20_000 });
      assert.match(conflict.message, new RegExp(`"${name}" was changed on the server after you opened it, so your version was not applied`));
      await wb.screenshot(`${target.name} conflict reported`);
      assert.ok(await dirty.isVisible(), 'the editor keeps the unsaved text');
      assert.ok((await textOf(activeEditor(wb))).includes('user.lxdx-e2e: value-six'));
      const kept = apiConfig(target, name);
      assert.strictEqual(kept['user.lxdx-e2e'], 'value-two', 'nothing of the refused save was applied');
      assert.strictEqual(kept['user.lxdx-api'], 'bbbb', 'the change made meanwhile is kept');
      await conflict.dismiss();

      // The advice works: compare, take the server's change into the text, save.
      await wb.runCommand('LXD: Compare with Server Version');
      const diff = wb.page.locator('.editor-group-container.active .monaco-diff-editor');
      const server = diff.locator('.editor.original .monaco-editor').first();
      const yours = diff.locator('.editor.modified .monaco-editor').first();
      await wb.waitFor(async () => (await textOf(server)).includes('user.lxdx-api: bbbb') && (await textOf(yours)).includes('user.lxdx-e2e: value-six'), {
        message: 'the server version beside the unsaved text',
      });
      await wb.screenshot(`${target.name} compare with server`);
      await replaceIn(wb, yours, 'aaaa', 'bbbb');
      await wb.page.keyboard.press('Control+S');
      await dirty.waitFor({ state: 'detached' });
      await wb.waitFor(
        () => {
          const config = apiConfig(target, name);
          return config['user.lxdx-e2e'] === 'value-six' && config['user.lxdx-api'] === 'bbbb';
        },
        { message: 'the merged version on the server' },
      );
      // The left side is the server's version again: the same as the saved text.
      await wb.waitFor(async () => (await textOf(server)).includes('user.lxdx-e2e: value-six'), { message: 'the server side to show the saved version' });
      await wb.screenshot(`${target.name} merged and saved`);
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

      await wb.contextMenu(await waitForInstanceRow(wb, name, { status: 'running' }), 'Show Details');
      await wb.waitFor(
        async () => {
          const text = await textOf(activeEditor(wb));
          return text.includes(`name: ${name}`) && text.includes('status: Running');
        },
        { message: `the details of ${name} in an editor` },
      );
      await wb.screenshot(`${target.name} details`);
      // Typing is refused with VS Code's own message: the document is the server's, not a file.
      await activeEditor(wb).locator('.view-lines').first().click();
      await wb.page.keyboard.type('x');
      await activeEditor(wb).locator('.monaco-editor-overlaymessage', { hasText: /read-only/ }).waitFor();

      await wb.contextMenu(await waitForInstanceRow(wb, name, { status: 'running' }), 'Show Console Log');
      await wb.waitFor(async () => (await textOf(activeEditor(wb))).includes(marker), { message: 'what the instance wrote to its console, in an editor' });
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
