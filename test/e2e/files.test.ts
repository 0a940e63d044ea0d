import * as assert from 'assert';
import type { Locator } from 'playwright-core';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from '../../src/client';
import { cli } from '../support/cli';
import { InstanceFixture } from '../support/fixtures';
import { testbed } from '../support/testbed';
import { addToWorkspace, explorerRow, instancesPane, instancesRow } from './harness/explorer';
import { useWorkbench } from './harness/session';
import { exactly } from './harness/text';

for (const target of testbed().targets) {
  describe(`Instance files in the editor [${target.name}]`, function () {
    const project = testbed().project;
    const client = Client.unix(target.socket, { project });
    const fx = new InstanceFixture(client);
    let name = '';
    const file = '/etc/lxdx-e2e.conf';
    const treeFile = '/etc/lxdx-tree.conf';
    const inside = (...command: string[]): string => cli(target, ['exec', '--project', project, name, '--', ...command]).trim();

    before(async function () {
      this.timeout(120_000);
      name = await fx.create('e2e-files', { start: true });
      await client.files.write(name, file, 'first=1\n', { uid: 1000, gid: 1000, mode: 0o640 });
      await client.files.write(name, treeFile, 'tree=1\n', { uid: 1000, gid: 1000, mode: 0o600 });
    });
    after(async function () {
      this.timeout(120_000);
      await fx.cleanup();
      await client.close();
    });

    const e2e = useWorkbench({
      name: `files-${target.name}`,
      settings: {
        'lxd.detectLocal': false,
        'lxd.readCliRemotes': false,
        'lxd.connections': [{ name: target.name, socket: target.socket, project }],
        'files.autoSave': 'off',
      },
    });

    const folderLabel = (): string => `${name} · ${project} (instance)`;

    /** Edits the active editor's text (its end), saves it, and waits until the instance has `wanted` in `path`. */
    async function appendAndSave(tab: string, line: string, path: string, wanted: string): Promise<void> {
      const wb = e2e.workbench;
      const editor = wb.page.locator('.editor-instance .monaco-editor .view-lines').first();
      await editor.click();
      await wb.page.keyboard.press('Control+End');
      await wb.page.keyboard.type(line);
      await wb.page.locator('.tabs-container .tab.dirty', { hasText: tab }).waitFor();
      await wb.runCommand('File: Save');
      await wb.page.locator('.tabs-container .tab.dirty', { hasText: tab }).waitFor({ state: 'detached' });
      const pulled = await wb.waitFor(
        () => {
          const text = cli(target, ['file', 'pull', '--project', project, `${name}${path}`, '-']);
          return text.includes(line) && text;
        },
        { message: 'the saved content in the instance' },
      );
      assert.equal(pulled, wanted);
    }

    /**
     * Upload to Instance… on `row` (the instance's /etc) with a new local file, through VS Code's
     * own file dialog; waits until `listed` shows the file, and checks the instance has it.
     */
    async function uploadInto(row: Locator, base: string, listed: (base: string) => Locator): Promise<void> {
      const wb = e2e.workbench;
      const local = fs.mkdtempSync(path.join(os.tmpdir(), 'lxdx-upload-'));
      fs.writeFileSync(path.join(local, base), 'uploaded=1\n');
      try {
        await wb.contextMenu(row, 'Upload to Instance…');
        await wb.waitFor(async () => /^Upload to /.test(await wb.quickPick().title()), { message: 'the file dialog' });
        // code-server's dialog (in the browser) fills in its starting folder a moment after it
        // opens, over what was typed; its Upload button once it lists the file.
        const wanted = path.join(local, base);
        await wb.waitFor(
          async () => {
            if ((await wb.quickPick().value()) !== wanted) {
              await wb.quickPick().type(wanted);
            }
            return (await wb.quickPick().items()).includes(base);
          },
          { message: 'the dialog listing the file' },
        );
        await wb.page.locator('.quick-input-widget .monaco-button', { hasText: /^Upload$/ }).click();
        await listed(base).waitFor();
        await wb.screenshot(`uploaded ${base}`);
        assert.equal(inside('cat', `/etc/${base}`), 'uploaded=1');
      } finally {
        fs.rmSync(local, { recursive: true, force: true });
        inside('rm', '-f', `/etc/${base}`);
      }
    }

    it("Browse Files lists the instance's / under its Files node in the LXD view, without reloading the window", async () => {
      const wb = e2e.workbench;
      await wb.openViewContainer('LXD');
      await instancesPane(wb);
      await wb.treeItem('Instances', name);
      // Gone if the page loads again: a reload would end this page's scripts.
      await wb.page.evaluate('window.lxdxSamePage = true');
      await wb.runCommand('LXD: Browse Files');
      await wb.quickPick().pick(name);
      const files = instancesRow(wb, 'Files');
      await files.waitFor();
      assert.equal(await files.getAttribute('aria-expanded'), 'true', 'the Files node is expanded');
      await instancesRow(wb, 'etc').waitFor();
      await instancesRow(wb, 'bin').waitFor();
      await wb.screenshot('files node lists /');
      assert.equal(await wb.page.evaluate('window.lxdxSamePage === true'), true, 'the window was not reloaded');
    });

    it('opens a file from the Files node in an editor, saves an edit, and the instance has the new bytes with the same owner and mode', async () => {
      const wb = e2e.workbench;
      await instancesRow(wb, 'etc').click();
      const entry = instancesRow(wb, 'lxdx-tree.conf');
      await entry.waitFor();
      await entry.click();
      await wb.page.locator('.tabs-container .tab', { hasText: 'lxdx-tree.conf' }).waitFor();
      const editor = wb.page.locator('.editor-instance .monaco-editor .view-lines').first();
      await wb.waitFor(async () => (await editor.innerText()).includes('tree=1'), { message: 'the file content in the editor' });
      await appendAndSave('lxdx-tree.conf', 'tree=2', treeFile, 'tree=1\ntree=2');
      await wb.screenshot('tree file saved');
      assert.equal(inside('stat', '-c', '%u %g %a', treeFile), '1000 1000 600', 'owner, group and mode are unchanged');
      assert.equal(await wb.page.evaluate('window.lxdxSamePage === true'), true, 'the window was not reloaded');
      await wb.runCommand('View: Close All Editors');
    });

    it('uploads a local file into a folder from its context menu under the Files node, and the folder lists it at once', async () => {
      const wb = e2e.workbench;
      await uploadInto(instancesRow(wb, 'etc'), `lxdx-upload-tree-${process.pid}.txt`, (base) => instancesRow(wb, base));
    });

    /**
     * Upload Folder to Instance… on /etc under the Files node with a local folder `base` holding
     * top.txt and sub/deep.txt, through VS Code's own folder dialog; `then` sees what follows.
     */
    async function uploadFolderInto(base: string, then: () => Promise<void>): Promise<void> {
      const wb = e2e.workbench;
      const local = fs.mkdtempSync(path.join(os.tmpdir(), 'lxdx-upload-'));
      const folder = path.join(local, base);
      fs.mkdirSync(path.join(folder, 'sub'), { recursive: true });
      fs.writeFileSync(path.join(folder, 'top.txt'), 'top=1\n');
      fs.writeFileSync(path.join(folder, 'sub', 'deep.txt'), 'deep=1\n');
      try {
        await wb.contextMenu(instancesRow(wb, 'etc'), 'Upload Folder to Instance…');
        await wb.waitFor(async () => /^Upload Folder to /.test(await wb.quickPick().title()), { message: 'the folder dialog' });
        // As for a file: the dialog fills in its starting folder a moment after it opens.
        await wb.waitFor(
          async () => {
            if ((await wb.quickPick().value()) !== folder) {
              await wb.quickPick().type(folder);
            }
            return (await wb.quickPick().items()).includes(base);
          },
          { message: 'the dialog listing the folder' },
        );
        await wb.page.locator('.quick-input-widget .monaco-button', { hasText: /^Upload$/ }).click();
        await then();
      } finally {
        fs.rmSync(local, { recursive: true, force: true });
        inside('rm', '-rf', `/etc/${base}`);
      }
    }

    it('uploads a local folder with a subfolder into a folder from its context menu, and the folder lists it at once', async () => {
      const wb = e2e.workbench;
      const base = `lxdx-folder-${process.pid}`;
      await uploadFolderInto(base, async () => {
        await instancesRow(wb, base).waitFor();
        await wb.screenshot(`uploaded folder ${base}`);
        assert.equal(inside('cat', `/etc/${base}/top.txt`, `/etc/${base}/sub/deep.txt`), 'top=1\ndeep=1');
      });
    });

    it('asks before a folder upload replaces a file, and replaces it with Replace', async () => {
      const wb = e2e.workbench;
      const base = `lxdx-merge-${process.pid}`;
      inside('sh', '-c', `mkdir -p /etc/${base} && echo old > /etc/${base}/top.txt && echo keep > /etc/${base}/mine.txt`);
      await uploadFolderInto(base, async () => {
        const dialog = await wb.dialog();
        assert.match(dialog.message, new RegExp(`already has /etc/${base}/top.txt`));
        await wb.screenshot('folder upload asks before replacing');
        await dialog.clickButton('Replace');
        await wb.waitFor(() => inside('cat', `/etc/${base}/sub/deep.txt`) === 'deep=1', { message: 'the folder merged' });
        assert.equal(inside('cat', `/etc/${base}/top.txt`, `/etc/${base}/mine.txt`), 'top=1\nkeep');
      });
    });

    it('refuses a folder upload that would put a folder where a file is, and changes nothing', async () => {
      const wb = e2e.workbench;
      const base = `lxdx-clash-${process.pid}`;
      inside('sh', '-c', `echo precious > /etc/${base}`);
      await uploadFolderInto(base, async () => {
        const toast = await wb.notification(/Cannot upload/);
        assert.match(toast.message, new RegExp(`/etc/${base} is a file where ${base} has a folder; nothing was uploaded`));
        await wb.screenshot('folder upload refused');
        await toast.dismiss();
        assert.equal(inside('cat', `/etc/${base}`), 'precious');
      });
    });

    it("Add to Workspace reloads the window into a workspace whose Explorer lists the instance's /etc", async () => {
      const wb = e2e.workbench;
      await addToWorkspace(wb, name, folderLabel(), /^etc$/);
      const rowOf = (level: number, label: string | RegExp) => explorerRow(wb, level, label);
      const etc = rowOf(2, /^etc$/);
      await wb.screenshot('instance folder in the explorer');
      await etc.click();
      await rowOf(3, /^lxdx-e2e\.conf$/).waitFor();
      await rowOf(3, /^passwd$/).waitFor();
      await wb.screenshot('etc listed');
    });

    it('opens a file, saves an edit, and the instance has the new content with the same owner and mode', async () => {
      const wb = e2e.workbench;
      const entry = wb.page
        .locator('.explorer-folders-view .monaco-list-row[aria-level="3"]', {
          has: wb.page.locator('.label-name', { hasText: /^lxdx-e2e\.conf$/ }),
        })
        .first();
      await entry.click();
      await wb.page.locator('.tabs-container .tab', { hasText: 'lxdx-e2e.conf' }).waitFor();
      const editor = wb.page.locator('.editor-instance .monaco-editor .view-lines').first();
      await wb.waitFor(async () => (await editor.innerText()).includes('first=1'), { message: 'the file content in the editor' });
      await wb.screenshot('file open');
      await appendAndSave('lxdx-e2e.conf', 'second=2', file, 'first=1\nsecond=2');
      await wb.screenshot('file saved');
      assert.equal(inside('stat', '-c', '%u %g %a', file), '1000 1000 640', 'owner, group and mode are unchanged');
    });

    it("uploads a local file into a folder from the Explorer's context menu, and the Explorer lists it without a refresh", async () => {
      const wb = e2e.workbench;
      await uploadInto(explorerRow(wb, 2, /^etc$/), `lxdx-upload-explorer-${process.pid}.txt`, (base) => explorerRow(wb, 3, exactly(base)));
    });
  });
}
