import * as assert from 'assert';
import { query, queryMaybe } from '../support/cli';
import { Target, testbed, uniqueName } from '../support/testbed';
import {
  CliInstances,
  instancesPane,
  instancesRow,
  runCli,
  testbedConnections,
  waitForInstanceRow,
  waitForNoInstanceRow,
} from './harness/explorer';
import { useWorkbench } from './harness/session';
import { atStep, expectRefused } from './harness/views';
import { Workbench } from './harness/workbench';

interface ApiInstance {
  status: string;
  profiles: string[];
  config: Record<string, string>;
}

/** Runs "LXD: Create Instance…" up to the name step, on `target`'s server. */
async function wizardToName(wb: Workbench, target: Target): Promise<void> {
  await wb.runCommand('LXD: Create Instance…');
  if (testbed().targets.length > 1) {
    await wb.quickPick().pick(target.name);
  }
  await atStep(wb, 'image');
  await wb.quickPick().pick(new RegExp(`${testbed().image}$`));
  await atStep(wb, 'name');
}

/**
 * The create wizard and the delete modal, on LXD and on Incus (two connections in one window);
 * what the API says afterwards is read with the daemons' own CLIs.
 */
describe('Instances made, edited and deleted from the explorer', function () {
  const { project, targets } = testbed();
  const made = new Map<Target, CliInstances>(targets.map((t) => [t, new CliInstances(t, project)]));
  /** A profile of the test project per daemon, offered by the wizard besides `default`. */
  const profile = uniqueName('prof');
  /** Per daemon: the instance the wizard made (deleted again by the delete test). */
  const created = new Map<Target, string>();

  before(async function () {
    this.timeout(60_000);
    await Promise.all(targets.map((t) => runCli(t, ['profile', 'create', profile, '--project', project])));
  });

  after(async function () {
    this.timeout(120_000);
    await Promise.all(
      targets.map(async (t) => {
        await made.get(t)!.cleanup();
        await runCli(t, ['profile', 'delete', profile, '--project', project]).catch(() => undefined);
      }),
    );
  });

  const e2e = useWorkbench({ name: 'explorer-instances', settings: testbedConnections({ 'files.autoSave': 'off' }) });

  // After the failure record: a test that failed half-way leaves no picker or modal to the next.
  afterEach(async function () {
    const wb = e2e.workbench;
    if (await wb.page.locator('.monaco-dialog-box').isVisible()) {
      await wb.page.keyboard.press('Escape');
    }
    if (await wb.quickPick().isOpen()) {
      await wb.quickPick().cancel();
    }
  });

  const instance = (target: Target, name: string): ApiInstance => query<ApiInstance>(target, `/1.0/instances/${name}`, project);

  for (const target of targets) {
    it(`creates a running instance through the wizard, with the profiles chosen [${target.name}]`, async function () {
      this.timeout(120_000);
      const wb = e2e.workbench;
      const name = uniqueName('made');
      made.get(target)!.track(name);
      await wb.openViewContainer('LXD');
      await instancesPane(wb);
      await wizardToName(wb, target);
      await wb.screenshot(`${target.name} name step`);
      await wb.inputBox().submit(name);
      await atStep(wb, 'profiles');
      const profiles = wb.quickPick();
      assert.deepStrictEqual(await profiles.checked(), ['default'], 'the default profile is preselected');
      await profiles.setChecked(profile);
      await wb.screenshot(`${target.name} profiles step`);
      await profiles.submit();
      await atStep(wb, 'start');
      await wb.quickPick().pick('Start now');
      await waitForInstanceRow(wb, name, { status: 'running', timeout: 60_000 });
      const result = instance(target, name);
      assert.strictEqual(result.status, 'Running');
      assert.deepStrictEqual(result.profiles, ['default', profile]);
      created.set(target, name);
      await wb.screenshot(`${target.name} created and running`);
    });
  }

  it('refuses invalid instance names in the wizard, and creates nothing when left', async function () {
    this.timeout(60_000);
    const wb = e2e.workbench;
    const [target] = targets;
    const fixture = await made.get(target)!.create('taken');
    await wizardToName(wb, target);
    // LXD wants a letter first; Incus only refuses a name that is all digits.
    const [digits, why] = target.name === 'lxd' ? ['1abc', /must start with a letter/] : ['12345', /must not be a number/];
    assert.match(await expectRefused(wb, digits, why), new RegExp(`"${digits}" is not a valid instance name`));
    await wb.screenshot('starts with a digit');
    await expectRefused(wb, 'bad_name', /use only letters, digits and hyphens/);
    await wb.screenshot('underscore');
    await expectRefused(wb, 'ends-', /must not end with a hyphen/);
    await expectRefused(wb, fixture, /already exists in project/);
    await wb.screenshot('name taken');
    const unused = uniqueName('never');
    await wb.inputBox().type(unused);
    await wb.waitFor(async () => /^Instance name/.test(await wb.inputBox().message()), { message: 'the prompt back, without a problem' });
    await wb.inputBox().cancel();
    await wb.screenshot('wizard left');
    assert.strictEqual(queryMaybe(target, `/1.0/instances/${unused}`, project), undefined);
    assert.strictEqual(await instancesRow(wb, unused).count(), 0);
  });

  for (const target of targets) {
    it(`snapshots an instance from its context menu, lists the snapshot under it, restores it and deletes it after their modals [${target.name}]`, async function () {
      this.timeout(120_000);
      const wb = e2e.workbench;
      const name = await made.get(target)!.create('snap', { config: { 'user.lxdx': 'before' } });
      const snapshots = (): string[] =>
        query<string[]>(target, `/1.0/instances/${name}/snapshots`, project).map((u) =>
          decodeURIComponent(new URL(u, 'http://x').pathname.split('/').pop() ?? ''),
        );
      await wb.openViewContainer('LXD');
      await instancesPane(wb);
      const row = await waitForInstanceRow(wb, name, { status: 'stopped' });

      await wb.contextMenu(row, 'Create Snapshot…');
      await wb.inputBox().waitOpen();
      await wb.waitFor(async () => (await wb.inputBox().value()) === 'snap0', { message: 'the first free name, snap0, to be offered' });
      await wb.screenshot(`${target.name} snapshot name`);
      // Focus moving to the tree (as when a refresh of the view ends just after the menu action)
      // leaves the box open with what it holds.
      const tree = wb.page.locator('.part.sidebar .monaco-list[aria-label="Instances"]');
      await tree.focus();
      await wb.waitFor(() => tree.evaluate((el) => el === el.ownerDocument.activeElement), {
        message: 'the Instances tree to have the focus',
      });
      assert.ok(await wb.inputBox().isOpen(), 'the snapshot name box is still open after focus moved to the tree');
      assert.strictEqual(await wb.inputBox().value(), 'snap0');
      await wb.inputBox().submit('snap0');
      await wb.waitFor(() => snapshots().includes('snap0'), { timeout: 30_000, message: `${name}/snap0 in the API` });

      // The snapshot is a child of the instance's row.
      await row.locator('.monaco-tl-twistie').click();
      const child = instancesRow(wb, 'snap0');
      await child.waitFor({ timeout: 20_000 });
      await wb.screenshot(`${target.name} snapshot listed`);

      await runCli(target, ['config', 'set', name, 'user.lxdx=after', '--project', project]);
      // From the palette: the change just made refreshes the instance's row, and a right-click on a
      // row that is being re-rendered can reach VS Code without its item.
      await wb.runCommand('LXD: Restore Snapshot…');
      await wb.quickPick().pick(name);
      await wb.quickPick().pick('snap0');
      let modal = await wb.dialog();
      assert.strictEqual(modal.message, `Restore "${name}" to snapshot "snap0"?`);
      await wb.screenshot(`${target.name} restore modal`);
      await modal.clickButton('Restore');
      await wb.waitFor(() => instance(target, name).config['user.lxdx'] === 'before', {
        timeout: 30_000,
        message: `${name} to have its snapshot's configuration again`,
      });

      await wb.runCommand('LXD: Delete Snapshot…');
      await wb.quickPick().pick(name);
      await wb.quickPick().pick('snap0');
      modal = await wb.dialog();
      assert.strictEqual(modal.message, `Delete snapshot "snap0" of "${name}"?`);
      await modal.clickButton('Delete');
      await wb.waitFor(() => snapshots().length === 0, { timeout: 30_000, message: `${name}/snap0 to be gone from the API` });
      await waitForNoInstanceRow(wb, 'snap0');
      await wb.screenshot(`${target.name} snapshot deleted`);
      assert.strictEqual(instance(target, name).status, 'Stopped');
    });
  }

  for (const target of targets) {
    it(`renames a stopped instance from its context menu: the box offers the name, refuses a taken one, and the row follows [${target.name}]`, async function () {
      this.timeout(90_000);
      const wb = e2e.workbench;
      const name = await made.get(target)!.create('old');
      const taken = await made.get(target)!.create('other');
      const renamed = uniqueName('new');
      made.get(target)!.track(renamed);
      await wb.openViewContainer('LXD');
      await instancesPane(wb);
      await waitForInstanceRow(wb, taken, { status: 'stopped' });
      await wb.contextMenu(await waitForInstanceRow(wb, name, { status: 'stopped' }), 'Rename…');
      await wb.inputBox().waitOpen();
      assert.strictEqual(await wb.inputBox().value(), name);
      await wb.inputBox().type(taken);
      await wb.waitFor(async () => /already exists/.test(await wb.inputBox().message()), { message: 'a taken name to be refused' });
      await wb.screenshot(`${target.name} rename to a taken name`);
      await wb.inputBox().submit(renamed);
      await waitForInstanceRow(wb, renamed, { status: 'stopped' });
      await waitForNoInstanceRow(wb, name);
      await wb.screenshot(`${target.name} renamed`);
      assert.strictEqual(queryMaybe(target, `/1.0/instances/${name}`, project), undefined);
      assert.strictEqual(instance(target, renamed).status, 'Stopped');
      assert.strictEqual(instance(target, taken).status, 'Stopped', 'the other instance is untouched');
    });
  }

  for (const target of targets) {
    it(`freezes and unfreezes a running instance from its context menu, and the icon follows [${target.name}]`, async function () {
      this.timeout(90_000);
      const wb = e2e.workbench;
      const name = await made.get(target)!.create('frz', { start: true });
      await wb.openViewContainer('LXD');
      await instancesPane(wb);
      await wb.contextMenu(await waitForInstanceRow(wb, name, { status: 'running' }), 'Freeze');
      await waitForInstanceRow(wb, name, { status: 'frozen', timeout: 30_000 });
      assert.strictEqual(instance(target, name).status, 'Frozen');
      await wb.screenshot(`${target.name} frozen`);
      await wb.contextMenu(await waitForInstanceRow(wb, name, { status: 'frozen' }), 'Unfreeze');
      await waitForInstanceRow(wb, name, { status: 'running', timeout: 30_000 });
      assert.strictEqual(instance(target, name).status, 'Running');
      await wb.screenshot(`${target.name} unfrozen`);
    });
  }

  for (const target of targets) {
    it(`deletes a running instance only after a modal that names it and offers "Stop and Delete" [${target.name}]`, async function () {
      this.timeout(90_000);
      const wb = e2e.workbench;
      const name = created.get(target) ?? (await made.get(target)!.create('del', { start: true }));
      await instancesPane(wb);
      const row = await waitForInstanceRow(wb, name, { status: 'running' });
      await wb.contextMenu(row, 'Delete…');
      let modal = await wb.dialog();
      assert.strictEqual(modal.message, `Delete instance "${name}"?`);
      assert.match(modal.detail, new RegExp(`"${name}" is running and will be stopped first`));
      assert.deepStrictEqual([...modal.buttons].sort(), ['Cancel', 'Stop and Delete']);
      await wb.screenshot(`${target.name} delete modal`);
      await modal.clickButton('Cancel');
      assert.strictEqual(instance(target, name).status, 'Running', 'Cancel leaves it alone');

      await wb.contextMenu(await waitForInstanceRow(wb, name, { status: 'running' }), 'Delete…');
      modal = await wb.dialog();
      await modal.clickButton('Stop and Delete');
      await waitForNoInstanceRow(wb, name, 60_000);
      await wb.waitFor(() => queryMaybe(target, `/1.0/instances/${name}`, project) === undefined, {
        timeout: 30_000,
        message: `${name} to be gone from the API`,
      });
      await wb.screenshot(`${target.name} deleted`);
    });
  }
});
