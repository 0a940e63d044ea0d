import * as assert from 'assert';
import { testbed } from '../support/testbed';
import { useWorkbench } from './harness/session';

/**
 * Command ids renamed to lxd.<resource>.<verb> stay registered for one release, so that a user's
 * keybinding to an old id keeps working; the palette lists each command once, under its new id.
 */
describe('Renamed command ids', function () {
  const { project, targets } = testbed();
  const target = targets[0];
  const e2e = useWorkbench({
    name: 'renamed-command-ids',
    settings: {
      'lxd.detectLocal': false,
      'lxd.readCliRemotes': false,
      'lxd.connections': [{ name: target.name, socket: target.socket, project }],
    },
    keybindings: [{ key: 'ctrl+alt+shift+y', command: 'lxd.storage.createPool' }],
  });

  it('runs Create Storage Pool from a key bound to its old id lxd.storage.createPool', async function () {
    this.timeout(120_000);
    const wb = e2e.workbench;
    await wb.openViewContainer('LXD');
    await wb.treeItem('Storage', target.pool);
    await (await wb.view('Storage')).click();
    await wb.page.keyboard.press('Control+Alt+Shift+Y');
    const box = wb.inputBox();
    await wb.waitFor(async () => (await box.isOpen()) && (await box.title()) === `Create Storage Pool on ${target.name}: name`, {
      message: 'the name box of Create Storage Pool',
    });
    await wb.screenshot('old id from a key');
    await box.cancel();
    await box.waitClosed();
  });

  it('lists Create Storage Pool once in the palette: the old id is hidden there', async function () {
    this.timeout(60_000);
    const wb = e2e.workbench;
    const palette = await wb.openPalette();
    await palette.type('>Create Storage Pool');
    await wb.waitFor(async () => (await palette.items()).includes('LXD: Create Storage Pool…'), {
      message: 'Create Storage Pool in the palette',
    });
    assert.deepStrictEqual(
      (await palette.items()).filter((label) => label.includes('Create Storage Pool')),
      ['LXD: Create Storage Pool…'],
    );
    await palette.cancel();
  });
});
