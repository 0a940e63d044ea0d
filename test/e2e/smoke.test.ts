import * as assert from 'assert';
import { listExtensions } from './harness/codeServer';
import { useWorkbench } from './harness/session';

describe('The packaged extension in code-server', function () {
  const e2e = useWorkbench({
    name: 'smoke',
    files: { 'hello.txt': 'Hello from the LXD Explorer e2e harness\n' },
  });

  it('is installed, and listed in the Extensions view', async () => {
    const { workbench: wb, session } = e2e;
    await wb.screenshot('workbench ready');
    const installed = await listExtensions({
      binary: session.env.codeServer,
      userDataDir: session.server.options.userDataDir,
      extensionsDir: session.server.options.extensionsDir,
      home: session.server.options.home,
    });
    assert.ok(
      installed.some((line) => line.startsWith('lxd-explorer.lxd-explorer@')),
      `code-server --list-extensions printed: ${installed.join(', ')}`,
    );
    await wb.openViewContainer('Extensions');
    await wb.page.locator('.extensions-viewlet .extension-list-item .name', { hasText: 'LXD Explorer' }).waitFor();
    await wb.screenshot('extensions view');
  });

  it('opens a terminal from the command palette and shows what a command prints', async () => {
    const wb = e2e.workbench;
    await wb.runCommand('Terminal: Create New Terminal');
    await wb.waitFor(async () => /[#$] *$/.test(await wb.terminalText()), { message: 'a shell prompt' });
    await wb.screenshot('terminal open');
    await wb.typeInTerminal('echo lxdx-$((6 * 7))\n');
    // The command line itself shows `$((6 * 7))`; only the output has the number.
    await wb.waitFor(async () => (await wb.terminalText()).split('\n').includes('lxdx-42'), {
      message: 'the echo output in the terminal',
    });
    await wb.screenshot('terminal output');
  });

  it('runs a command by its id, and opens a file from its context menu in the Explorer', async () => {
    const wb = e2e.workbench;
    await wb.runCommand('workbench.action.files.newUntitledFile');
    await wb.page.locator('.tabs-container .tab', { hasText: 'Untitled-1' }).waitFor();
    await wb.screenshot('untitled editor');
    await wb.openViewContainer('Explorer');
    const file = await wb.treeItem('workspace', 'hello.txt');
    await wb.contextMenu(file, 'Open to the Side');
    await wb.page.locator('.tabs-container .tab', { hasText: 'hello.txt' }).waitFor();
    await wb.screenshot('file open to the side');
  });

  it('shows a notification from an extension', async () => {
    const wb = e2e.workbench;
    await wb.runCommand('JSON: Clear Schema Cache');
    const notification = await wb.notification(/JSON schema cache cleared/);
    await wb.screenshot('notification');
    await notification.dismiss();
  });
});
