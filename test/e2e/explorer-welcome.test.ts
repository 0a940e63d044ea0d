import * as assert from 'assert';
import { useWorkbench } from './harness/session';
import { exactly } from './harness/text';

/** Nothing configured and local detection off: no server to show. */
describe('The LXD explorer with no server to show', function () {
  const e2e = useWorkbench({
    name: 'explorer-welcome',
    settings: {
      'lxd.detectLocal': false,
      'lxd.readCliRemotes': false,
      'lxd.connections': [],
    },
  });

  const welcome = async () => (await e2e.workbench.view('Instances')).locator('.welcome-view-content');

  it('shows the welcome view: what is wrong, and buttons to retry, add a remote and open the settings', async () => {
    const wb = e2e.workbench;
    await wb.openViewContainer('LXD');
    const content = await welcome();
    await content.waitFor();
    await wb.screenshot('welcome');
    const text = (await content.innerText()).replace(/\s+/g, ' ');
    assert.match(text, /^No LXD or Incus server is reachable\./);
    assert.match(
      text,
      /looks for the local sockets of LXD \(snap and package\) and Incus, the remotes of the lxc and incus command-line tools, and the connections in the lxd\.connections setting/,
    );
    assert.match(text, /What was tried is listed in the log\./);
    // Detection is off: nothing says a local daemon is not running or not allowed.
    assert.doesNotMatch(text, /not running|group/);
    const buttons = (await content.locator('.monaco-button').allInnerTexts()).map((b) => b.trim());
    assert.deepStrictEqual(buttons, ['Retry', 'Add Remote…', 'Open Settings']);
    // The status bar names no project when there is no server.
    assert.strictEqual(await wb.page.locator('.part.statusbar .statusbar-item', { has: wb.page.locator('.codicon-project') }).count(), 0);
  });

  it('opens the LXD settings and the Add Remote wizard from its buttons, and Retry leaves it in place', async () => {
    const wb = e2e.workbench;
    const content = await welcome();
    await content.locator('.monaco-button', { hasText: exactly('Open Settings') }).click();
    const search = wb.page.locator('.settings-editor .settings-header .suggest-input-container .view-lines');
    await wb.waitFor(async () => (await search.innerText()).includes('lxd.'), { message: 'the settings editor searching lxd.' });
    // lxd.detectLocal is machine-scoped: in code-server's remote window the Remote tab shows it.
    await wb.page
      .locator('.settings-editor .settings-tabs-widget .action-label', { hasText: /^Remote/ })
      .first()
      .click();
    await wb.page.locator('.settings-editor .setting-item-contents', { hasText: 'Detect Local' }).first().waitFor();
    await wb.screenshot('lxd settings');
    await wb.runCommand('View: Close All Editors');

    await content.locator('.monaco-button', { hasText: exactly('Add Remote…') }).click();
    await wb.quickPick().waitOpen();
    await wb.screenshot('add remote');
    await wb.quickPick().cancel();

    await content.locator('.monaco-button', { hasText: exactly('Retry') }).click();
    await content.waitFor();
    await wb.screenshot('after retry');
  });
});
