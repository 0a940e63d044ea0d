import * as assert from 'assert';
import type { Locator } from 'playwright-core';
import { Client } from '../../src/client';
import { query } from '../support/cli';
import { Target, testbed, uniqueName } from '../support/testbed';
import { activeEditor, diffSides, replaceIn, textOf } from './harness/editor';
import {
  CliInstances,
  instancesPane,
  openConfigFromMenu,
  revealInstanceRow,
  runCli,
  testbedConnections,
  waitForInstanceRow,
} from './harness/explorer';
import { useWorkbench } from './harness/session';
import { viewRow } from './harness/views';
import { Workbench } from './harness/workbench';

/** What the user sees when a save meets a version changed elsewhere. */
const CONFLICT = /was changed on the server after you opened it, so your version was not applied/;
/** Any refused save: ours, or VS Code's own "newer file" refusal (which must not be what the user meets). */
const REFUSED = /changed on the server|content of the file is newer|Failed to save/;

/** Where the object lives, how the CLI changes one of its keys, and how the API reads its config. */
interface Subject {
  target: Target;
  /** The editor tab's label. */
  tab: string;
  set(key: string, value: string): Promise<void>;
  config(): Record<string, string>;
}

function instanceSubject(target: Target, name: string): Subject {
  const { project } = testbed();
  return {
    target,
    tab: `${name}.yaml`,
    set: async (key, value) => void (await runCli(target, ['config', 'set', name, `${key}=${value}`, '--project', project])),
    config: () => query<{ config: Record<string, string> }>(target, `/1.0/instances/${name}`, project).config,
  };
}

function poolSubject(target: Target, name: string): Subject {
  return {
    target,
    tab: `${name}.yaml`,
    set: async (key, value) => void (await runCli(target, ['storage', 'set', name, `${key}=${value}`])),
    config: () => query<{ config: Record<string, string> }>(target, `/1.0/storage-pools/${name}`).config,
  };
}

/**
 * Saves and expects the product's conflict message (not VS Code's "newer file" refusal), with the
 * user's text still in the dirty editor and nothing of it applied.
 */
async function saveRefused(
  wb: Workbench,
  s: Subject,
  editor: Locator,
  expect: { text: string[]; server: Record<string, string> },
): Promise<void> {
  await wb.page.keyboard.press('Control+S');
  const refusal = await wb.notification(REFUSED, { timeout: 20_000 });
  await wb.screenshot(`${s.target.name} save refused`);
  assert.match(refusal.message, CONFLICT, `the product's conflict message, not: ${refusal.message}`);
  assert.match(refusal.message, /Compare with Server Version/);
  await refusal.dismiss();
  assert.ok(await wb.page.locator('.tabs-container .tab.dirty', { hasText: s.tab }).isVisible(), 'the editor keeps the unsaved text');
  const text = await textOf(editor);
  for (const t of expect.text) {
    assert.ok(text.includes(t), `the editor still shows "${t}"`);
  }
  const config = s.config();
  for (const [k, v] of Object.entries(expect.server)) {
    assert.strictEqual(config[k], v, `${k} on the server`);
  }
}

/** Runs "Compare with Server Version" and waits for the server's side to show `serverShows`. */
async function compare(wb: Workbench, serverShows: string, yoursShows: string): Promise<{ original: Locator; modified: Locator }> {
  await wb.runCommand('LXD: Compare with Server Version');
  const sides = diffSides(wb);
  // A daemon busy with other suites can take seconds to answer the read behind the server's side.
  await wb.waitFor(
    async () => (await textOf(sides.original)).includes(serverShows) && (await textOf(sides.modified)).includes(yoursShows),
    {
      message: `the server's version (${serverShows}) beside the unsaved text (${yoursShows})`,
      timeout: 30_000,
    },
  );
  return sides;
}

/**
 * The conflict flow as a user meets it: their edit, a change made elsewhere by the CLI, a refused
 * save; Compare, merge, and a third change made during the merge refused again; Compare, merge,
 * save: both keys applied. `theirs` are the other party's three values (the first is the
 * original); whether they change the rendered file's size decides whether VS Code's own
 * size-and-mtime check would have stepped in.
 */
async function conflictFlow(wb: Workbench, s: Subject, theirs: [string, string, string]): Promise<void> {
  const [original, second, third] = theirs;
  const dirty = wb.page.locator('.tabs-container .tab.dirty', { hasText: s.tab });
  await replaceIn(wb, activeEditor(wb), 'mine-one', 'mine-two');
  await dirty.waitFor();

  await s.set('user.lxdx-theirs', second);
  await saveRefused(wb, s, activeEditor(wb), {
    text: ['mine-two', original],
    server: { 'user.lxdx-mine': 'mine-one', 'user.lxdx-theirs': second },
  });

  let sides = await compare(wb, second, 'mine-two');
  await wb.screenshot(`${s.target.name} compare`);
  await replaceIn(wb, sides.modified, original, second);
  // A third change while the user merges: the save is refused again, the merge kept.
  await s.set('user.lxdx-theirs', third);
  await saveRefused(wb, s, sides.modified, {
    text: ['mine-two', second],
    server: { 'user.lxdx-mine': 'mine-one', 'user.lxdx-theirs': third },
  });

  sides = await compare(wb, third, 'mine-two');
  await replaceIn(wb, sides.modified, second, third);
  await wb.page.keyboard.press('Control+S');
  await dirty.waitFor({ state: 'detached', timeout: 20_000 });
  await wb.waitFor(
    () => {
      const config = s.config();
      return config['user.lxdx-mine'] === 'mine-two' && config['user.lxdx-theirs'] === third;
    },
    { message: 'the merged version on the server: both keys' },
  );
  // The left side follows: it is the server's version again, the same as the saved text.
  await wb.waitFor(async () => (await textOf(sides.original)).includes('mine-two'), {
    message: 'the server side to show the saved version',
    timeout: 30_000,
  });
  await wb.screenshot(`${s.target.name} merged and saved`);
}

/**
 * A configuration changed elsewhere while the user edits it: the save is refused with the
 * product's advice, and that advice works (Compare with Server Version, merge, save), whether
 * the other change altered the file's size or not, and for a storage pool, which LXD 5.0 sends
 * without an ETag. On LXD and on Incus.
 */
describe('Configuration conflicts: refused, compared, merged and saved', function () {
  const { project, targets } = testbed();
  const instances = new Map<Target, CliInstances>();
  const pools: [Target, string][] = [];

  before(function () {
    targets.forEach((t) => instances.set(t, new CliInstances(t, project)));
  });

  after(async function () {
    this.timeout(60_000);
    await Promise.all([...instances.values()].map((fx) => fx.cleanup()));
    await Promise.all(pools.map(([t, name]) => runCli(t, ['storage', 'delete', name]).catch(() => undefined)));
  });

  const e2e = useWorkbench({
    name: 'config-conflicts',
    // Side by side even in a narrow editor area: the server's version on the left, the text on the right.
    // A row revealed at the top of a scrolled tree lies under the sticky server row, which takes its clicks.
    settings: testbedConnections({
      'files.autoSave': 'off',
      'diffEditor.useInlineViewWhenSpaceIsLimited': false,
      'workbench.tree.enableStickyScroll': false,
    }),
  });

  const cases: [string, [string, string, string]][] = [
    ['alters the file size', ['theirs-a', 'theirs-bbbbbbbbbbbb', 'theirs-c']],
    ['keeps the file size', ['theirs-a', 'theirs-b', 'theirs-c']],
  ];
  for (const target of targets) {
    for (const [what, theirs] of cases) {
      it(`an instance changed elsewhere in a way that ${what}: refused, compared, merged, saved with both keys [${target.name}]`, async function () {
        this.timeout(180_000);
        const wb = e2e.workbench;
        const fx = instances.get(target)!;
        const name = await fx.create('conflict', { config: { 'user.lxdx-mine': 'mine-one', 'user.lxdx-theirs': theirs[0] } });
        await wb.openViewContainer('LXD');
        await instancesPane(wb);
        await revealInstanceRow(wb, name, 60_000);
        await openConfigFromMenu(
          wb,
          await waitForInstanceRow(wb, name, { status: 'stopped', timeout: 60_000 }),
          'Edit Configuration',
          name,
        );
        await wb.waitFor(async () => (await textOf(activeEditor(wb))).includes('user.lxdx-mine: mine-one'), {
          message: 'the configuration in the editor',
        });
        assert.match(await textOf(activeEditor(wb)), /applied only if nobody changed it since/);
        await conflictFlow(wb, instanceSubject(target, name), theirs);
      });
    }

    it(`a storage pool changed elsewhere is refused too (LXD 5.0 sends it without an ETag), then merged and saved [${target.name}]`, async function () {
      this.timeout(180_000);
      const wb = e2e.workbench;
      const name = uniqueName('pool');
      pools.push([target, name]);
      await runCli(target, ['storage', 'create', name, 'dir', 'user.lxdx-mine=mine-one', 'user.lxdx-theirs=theirs-a']);
      await wb.openViewContainer('LXD');
      await openConfigFromMenu(wb, await viewRow(wb, 'Storage', name, 60_000), 'Edit Storage Pool', name);
      await wb.waitFor(async () => (await textOf(activeEditor(wb))).includes('user.lxdx-mine: mine-one'), {
        message: 'the pool configuration in the editor',
      });
      await wb.screenshot(`${target.name} pool header`);
      // The header says what protects the save: the server's ETag check, or the extension's own comparison.
      const client = Client.unix(target.socket);
      const { etag } = await client.storage.poolTagged(name).finally(() => client.close());
      assert.match(await textOf(activeEditor(wb)), etag ? /applied only if nobody changed it since/ : /sends no version tag/);
      await conflictFlow(wb, poolSubject(target, name), ['theirs-a', 'theirs-b', 'theirs-c']);
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
