import * as assert from 'assert';
import { Client } from '../../src/client';
import { cli, query, queryMaybe } from '../support/cli';
import { unifiedImage } from '../support/images';
import { Target, shortName, testbed, uniqueName } from '../support/testbed';
import { useWorkbench } from './harness/session';
import { exactly } from './harness/text';
import { Workbench } from './harness/workbench';
import { answerModal, atStep, expectRefused, onlyView as only, viewRow as row, viewRowGone as gone } from './harness/views';

/**
 * Clicks the quick pick row labelled `label` and waits until the wizard moved on (another step's
 * title, or an input box instead of the list) or closed: the harness's pick() cannot tell when the
 * next step opens with the same value.
 */
async function choose(wb: Workbench, label: string): Promise<void> {
  const qp = wb.quickPick();
  await qp.waitOpen();
  const before = await qp.title();
  const option = qp.widget
    .locator('.quick-input-list .monaco-list-row', { has: wb.page.locator('.label-name', { hasText: exactly(label) }) })
    .first();
  await option.click();
  await wb.waitFor(async () => !(await qp.widget.isVisible()) || (await qp.title()) !== before || !(await option.isVisible()), {
    message: `the wizard to accept ${label}`,
  });
}

/** The text of the active editor (the DOM has non-breaking spaces). */
async function editorText(wb: Workbench): Promise<string> {
  return (await wb.page.locator('.editor-instance .monaco-editor .view-lines').first().innerText()).replace(/\u00a0/g, ' ');
}

for (const target of testbed().targets) {
  describe(`Resource actions in the explorer [${target.name}]`, function () {
    const { project } = testbed();
    const client = Client.unix(target.socket, { project });
    const made: Made = { profiles: [], networks: [], volumes: [], projects: [], images: [], tokens: [] };

    after(async function () {
      this.timeout(120_000);
      cleanUp(target, made);
      await client.close();
    });

    const e2e = useWorkbench({
      name: `resources-${target.name}`,
      settings: {
        'lxd.detectLocal': false,
        'lxd.readCliRemotes': false,
        'lxd.connections': [{ name: target.name, socket: target.socket, project }],
        'files.autoSave': 'off',
      },
    });

    it('creates a profile from the palette, edits its YAML, saves it to the server, then deletes it', async function () {
      this.timeout(240_000);
      const wb = e2e.workbench;
      const name = uniqueName('e2e-prof');
      made.profiles.push(name);
      await wb.openViewContainer('LXD');
      // Connected once the server's profiles show (a loaded daemon can take a while to answer).
      await row(wb, 'Profiles', 'default', 120_000);
      await wb.runCommand('LXD: Create Profile…');
      await atStep(wb, /^Create Profile on /);
      await expectRefused(wb, 'default', /already exists/);
      await wb.screenshot('profile name refused');
      await wb.inputBox().submit(name);
      await wb.waitFor(async () => /^Description/.test(await wb.inputBox().message()), { message: 'the description prompt' });
      await wb.inputBox().submit('made by the e2e test');
      await wb.page.locator('.tabs-container .tab', { hasText: `${name}.yaml` }).waitFor();
      const editor = wb.page.locator('.editor-instance .monaco-editor .view-lines').first();
      await wb.waitFor(async () => (await editorText(wb)).includes('description: made by the e2e test'), {
        message: 'the new profile in the editor',
      });
      await row(wb, 'Profiles', name);
      await wb.screenshot('profile created and open');

      await editor.click();
      await wb.page.keyboard.press('Control+A');
      await wb.page.keyboard.insertText(
        '{description: edited by the e2e test, config: {user.lxdx-e2e: saved from the editor}, devices: {}}',
      );
      // The editor may have auto-closed a brace after the cursor: drop whatever follows the text.
      await wb.page.keyboard.press('Shift+Control+End');
      await wb.page.keyboard.press('Delete');
      await wb.page.keyboard.press('Control+S');
      const saved = await wb.waitFor(
        () => {
          const p = query<{ description: string; config: Record<string, string> }>(target, `/1.0/profiles/${name}`, project);
          return p.config['user.lxdx-e2e'] === 'saved from the editor' && p;
        },
        { timeout: 20_000, message: 'the saved profile on the server' },
      );
      assert.strictEqual(saved.description, 'edited by the e2e test');
      await wb.screenshot('profile saved');
      await wb.runCommand('View: Close All Editors');

      await wb.contextMenu(await row(wb, 'Profiles', name), 'Delete Profile…');
      const modal = await answerModal(wb, 'Delete');
      assert.match(modal.message, new RegExp(`Delete profile "${name}"`));
      assert.match(modal.detail, /Nothing uses it/);
      await wb.waitFor(() => !queryMaybe(target, `/1.0/profiles/${name}`, project), { message: 'the profile to be gone from the server' });
      await gone(wb, 'Profiles', name);
      await wb.screenshot('profile deleted');
    });

    it('offers no Delete on the default profile', async () => {
      const wb = e2e.workbench;
      await (await row(wb, 'Profiles', 'default')).click({ button: 'right' });
      const menu = wb.page.locator('.context-view .monaco-menu');
      await menu.locator('.action-label', { hasText: exactly('Edit Profile') }).waitFor();
      assert.strictEqual(await menu.locator('.action-label', { hasText: exactly('Delete Profile…') }).count(), 0);
      await wb.screenshot('default profile menu');
      await wb.page.keyboard.press('Escape');
    });

    it('creates a bridge without addresses through the wizard, and deletes it after the modal', async () => {
      const wb = e2e.workbench;
      const name = shortName();
      made.networks.push(name);
      await only(wb, 'Networks');
      await wb.runCommand('LXD: Create Network…');
      await atStep(wb, /: type$/);
      await choose(wb, 'Bridge');
      await atStep(wb, /: name$/);
      await expectRefused(wb, 'lxdx-far-too-long', /at most 15 characters/);
      await wb.screenshot('bridge name refused');
      await wb.inputBox().submit(name);
      await atStep(wb, /: IPv4$/);
      await choose(wb, 'Enter an address…');
      await expectRefused(wb, '10.10.10.0/24', /network address/);
      await wb.screenshot('network address refused');
      await wb.inputBox().cancel();
      // Cancelling a step ends the wizard; start over and choose no addresses.
      await wb.runCommand('LXD: Create Network…');
      await atStep(wb, /: type$/);
      await choose(wb, 'Bridge');
      await atStep(wb, /: name$/);
      await wb.inputBox().submit(name);
      await atStep(wb, /: IPv4$/);
      await choose(wb, 'none');
      await atStep(wb, /: IPv6$/);
      await choose(wb, 'none');
      const r = await row(wb, 'Networks', name);
      const created = query<{ type: string; config: Record<string, string> }>(target, `/1.0/networks/${name}`);
      assert.strictEqual(created.type, 'bridge');
      assert.strictEqual(created.config['ipv4.address'], 'none');
      assert.strictEqual(created.config['ipv6.address'], 'none');
      await wb.screenshot('bridge created');

      await wb.contextMenu(r, 'Delete Network…');
      const modal = await answerModal(wb, 'Delete');
      assert.match(modal.message, new RegExp(`Delete network "${name}"`));
      await wb.waitFor(() => !queryMaybe(target, `/1.0/networks/${name}`), { message: 'the network to be gone from the server' });
      await gone(wb, 'Networks', name);
      await wb.screenshot('bridge deleted');
    });

    it('adds an alias to an image, removes it, then deletes the image after the modal', async function () {
      this.timeout(180_000);
      const wb = e2e.workbench;
      const image = unifiedImage('e2e-img');
      await client.images.upload(image.tarball).wait();
      made.images.push(image.fingerprint);
      const alias = uniqueName('e2e-alias');
      await wb.contextMenu(await row(wb, 'Images', image.description), 'Add Alias…');
      await atStep(wb, /^Add Alias to /);
      await expectRefused(wb, 'a/b', /cannot contain "\/"/);
      await wb.inputBox().submit(alias);
      const aliased = await row(wb, 'Images', alias);
      assert.strictEqual(query<{ target: string }>(target, `/1.0/images/aliases/${alias}`, project).target, image.fingerprint);
      await wb.screenshot('alias added');

      await wb.contextMenu(aliased, 'Remove Alias…');
      await answerModal(wb, 'Remove Alias');
      await wb.waitFor(() => !queryMaybe(target, `/1.0/images/aliases/${alias}`, project), {
        message: 'the alias to be gone from the server',
      });
      const plain = await row(wb, 'Images', image.description);
      await wb.screenshot('alias removed');

      await plain.click({ button: 'right' });
      const menu = wb.page.locator('.context-view .monaco-menu');
      await menu.locator('.action-label', { hasText: exactly('Add Alias…') }).waitFor();
      assert.strictEqual(
        await menu.locator('.action-label', { hasText: exactly('Remove Alias…') }).count(),
        0,
        'no Remove Alias on an image without aliases',
      );
      await wb.page.keyboard.press('Escape');

      await wb.contextMenu(plain, 'Delete Image…');
      const modal = await answerModal(wb, 'Delete');
      assert.match(modal.detail, /No instance in project lxdx-test was created from it/);
      await wb.waitFor(() => !queryMaybe(target, `/1.0/images/${image.fingerprint}`, project), {
        message: 'the image to be gone from the server',
      });
      await gone(wb, 'Images', image.description);
      await wb.screenshot('image deleted');
    });

    it('creates a custom volume in a pool, snapshots it, and deletes both after the modal', async () => {
      const wb = e2e.workbench;
      const name = uniqueName('e2e-vol');
      made.volumes.push(name);
      const pool = await row(wb, 'Storage', target.pool);
      if ((await pool.getAttribute('aria-expanded')) !== 'true') {
        await pool.click();
      }
      await wb.contextMenu(await row(wb, 'Storage', 'Custom volumes'), 'Create Volume…');
      await atStep(wb, /: name$/);
      await wb.inputBox().submit(name);
      await atStep(wb, /: content$/);
      await choose(wb, 'filesystem');
      await atStep(wb, /: size$/);
      await expectRefused(wb, '1.5GiB', /not a valid size/);
      await wb.inputBox().submit('64MiB');
      const group = await row(wb, 'Storage', 'Custom volumes');
      if ((await group.getAttribute('aria-expanded')) !== 'true') {
        await group.click();
      }
      const volume = await row(wb, 'Storage', name);
      const created = query<{ content_type: string; config: Record<string, string> }>(
        target,
        `/1.0/storage-pools/${target.pool}/volumes/custom/${name}`,
        project,
      );
      assert.strictEqual(created.config.size, '64MiB');
      await wb.screenshot('volume created');

      await wb.contextMenu(volume, 'Create Volume Snapshot…');
      await atStep(wb, /^Snapshot of volume /);
      await wb.inputBox().submit();
      await wb.waitFor(
        () => query<unknown[]>(target, `/1.0/storage-pools/${target.pool}/volumes/custom/${name}/snapshots`, project).length === 1,
        {
          timeout: 30_000,
          message: 'the snapshot on the server',
        },
      );
      await wb.waitFor(async () => (await (await row(wb, 'Storage', name)).getAttribute('aria-expanded')) !== null, {
        message: 'the volume to list its snapshot',
      });
      const withSnapshot = await row(wb, 'Storage', name);
      if ((await withSnapshot.getAttribute('aria-expanded')) !== 'true') {
        await withSnapshot.click();
      }
      await row(wb, 'Storage', 'snap0');
      await wb.screenshot('volume snapshot');

      await wb.contextMenu(await row(wb, 'Storage', name), 'Delete Volume…');
      const modal = await answerModal(wb, 'Delete');
      assert.match(modal.detail, /its 1 snapshot are removed/);
      await wb.waitFor(() => !queryMaybe(target, `/1.0/storage-pools/${target.pool}/volumes/custom/${name}`, project), {
        message: 'the volume to be gone from the server',
      });
      await gone(wb, 'Storage', name);
      await wb.screenshot('volume deleted');
    });

    it('creates a project with its own images, profiles and volumes, and deletes it', async () => {
      const wb = e2e.workbench;
      const name = uniqueName('e2e-proj');
      made.projects.push(name);
      await only(wb, 'Projects');
      await wb.runCommand('LXD: Create Project…');
      await atStep(wb, /: name$/);
      await expectRefused(wb, 'with_underscore', /may not contain underscores/);
      await wb.inputBox().submit(name);
      await atStep(wb, /: description$/);
      await wb.inputBox().submit('');
      await atStep(wb, /: features$/);
      await wb.screenshot('project features');
      await wb.quickPick().submit();
      const created = await wb.waitFor(() => queryMaybe<{ config: Record<string, string> }>(target, `/1.0/projects/${name}`), {
        message: 'the project on the server',
      });
      for (const key of ['features.images', 'features.profiles', 'features.storage.volumes']) {
        assert.strictEqual(created.config[key], 'true', key);
      }
      assert.notStrictEqual(created.config['features.networks'], 'true');
      const r = await row(wb, 'Projects', name);
      await wb.screenshot('project created');

      await wb.contextMenu(r, 'Delete Project…');
      const modal = await answerModal(wb, 'Delete');
      assert.match(modal.detail, /It is empty/);
      await wb.waitFor(() => !queryMaybe(target, `/1.0/projects/${name}`), { message: 'the project to be gone from the server' });
      await gone(wb, 'Projects', name);
      await wb.screenshot('project deleted');
    });

    it('shows a trust token in the Operations view and cancels it after the modal', async () => {
      const wb = e2e.workbench;
      // Token operations belong to the default project.
      await wb.contextMenu(await row(wb, 'Projects', 'default'), 'Switch Project…');
      await wb.waitFor(async () => (await (await row(wb, 'Projects', 'default')).innerText()).includes('current'), {
        message: 'default to become the current project',
      });
      const client = Client.unix(target.socket);
      const token = await client.certificates.issueToken(uniqueName('e2e-token'));
      made.tokens.push(token.operationId);
      const label = `Trust token for "${token.decoded.client_name}"`;
      const r = await row(wb, 'Operations', label);
      await wb.screenshot('token in the operations view');
      await wb.contextMenu(r, 'Cancel Operation');
      const modal = await answerModal(wb, 'Cancel Operation');
      assert.match(modal.detail, /token stops working/);
      await wb.waitFor(() => queryMaybe<{ status: string }>(target, `/1.0/operations/${token.operationId}`)?.status !== 'Running', {
        message: 'the token operation to end',
      });
      await client.close();
      await wb.screenshot('token cancelled');
    });
  });
}

interface Made {
  profiles: string[];
  networks: string[];
  volumes: string[];
  projects: string[];
  images: string[];
  /** Operation ids of trust tokens. */
  tokens: string[];
}

/** Removes whatever a failed test left behind. */
function cleanUp(target: Target, made: Made): void {
  const { project } = testbed();
  const quietly = (args: string[]): void => {
    try {
      cli(target, args);
    } catch {
      // Already gone.
    }
  };
  made.profiles.forEach((p) => quietly(['profile', 'delete', p, '--project', project]));
  made.networks.forEach((n) => quietly(['network', 'delete', n]));
  made.volumes.forEach((v) => quietly(['storage', 'volume', 'delete', target.pool, v, '--project', project]));
  made.projects.forEach((p) => quietly(['project', 'delete', p]));
  made.images.forEach((fp) => quietly(['image', 'delete', fp, '--project', project]));
  made.tokens.forEach((id) => quietly(['query', '-X', 'DELETE', `/1.0/operations/${id}`]));
}
