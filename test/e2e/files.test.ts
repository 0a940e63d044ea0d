import * as assert from 'assert';
import { Client } from '../../src/client';
import { cli } from '../support/cli';
import { InstanceFixture } from '../support/fixtures';
import { testbed } from '../support/testbed';
import { browseFiles, explorerRow } from './harness/explorer';
import { useWorkbench } from './harness/session';

for (const target of testbed().targets) {
  describe(`Instance files in the editor [${target.name}]`, function () {
    const project = testbed().project;
    const client = Client.unix(target.socket, { project });
    const fx = new InstanceFixture(client);
    let name = '';
    const file = '/etc/lxdx-e2e.conf';
    const inside = (...command: string[]): string => cli(target, ['exec', '--project', project, name, '--', ...command]).trim();

    before(async function () {
      this.timeout(120_000);
      name = await fx.create('e2e-files', { start: true });
      await client.files.write(name, file, 'first=1\n', { uid: 1000, gid: 1000, mode: 0o640 });
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

    it("adds the instance's filesystem to the Explorer and lists /etc", async () => {
      const wb = e2e.workbench;
      // The palette knows the extension's commands once it is up: wait for its view to list the instance.
      await wb.openViewContainer('LXD');
      await wb.treeItem('Instances', name);
      await browseFiles(wb, name, folderLabel(), /^etc$/);
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
      await editor.click();
      await wb.page.keyboard.press('Control+End');
      await wb.page.keyboard.type('second=2');
      await wb.page.locator('.tabs-container .tab.dirty', { hasText: 'lxdx-e2e.conf' }).waitFor();
      await wb.runCommand('File: Save');
      await wb.page.locator('.tabs-container .tab.dirty', { hasText: 'lxdx-e2e.conf' }).waitFor({ state: 'detached' });
      await wb.screenshot('file saved');
      const pulled = await wb.waitFor(
        () => {
          const text = cli(target, ['file', 'pull', '--project', project, `${name}${file}`, '-']);
          return text.includes('second=2') && text;
        },
        { message: 'the saved content in the instance' },
      );
      assert.equal(pulled, 'first=1\nsecond=2');
      assert.equal(inside('stat', '-c', '%u %g %a', file), '1000 1000 640', 'owner, group and mode are unchanged');
    });
  });
}
