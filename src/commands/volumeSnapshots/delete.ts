import * as vscode from 'vscode';
import { Command, CommandContext } from '../context';
import { resolveVolumeSnapshot } from './_target';
import { failed } from '../wrapper';

export const deleteVolumeSnapshot: Command = {
  id: 'lxd.volumeSnapshot.delete',
  async run(ctx: CommandContext, ...args: unknown[]) {
    const { target, snapshot } = await resolveVolumeSnapshot(ctx, args, 'Delete Volume Snapshot');
    const volume = target.name;
    const choice = await vscode.window.showWarningMessage(`Delete snapshot "${snapshot}" of volume "${volume}"?`, { modal: true }, 'Delete');
    if (choice !== 'Delete') {
      return;
    }
    await vscode.window.withProgress({ location: { viewId: 'lxd.views.storage' }, title: `Deleting snapshot ${snapshot}…` }, async () => {
      try {
        await target.connection.api(target.project).storage.deleteVolumeSnapshot(target.value.ref, snapshot).wait();
      } catch (e) {
        throw failed(`Cannot delete snapshot ${snapshot} of ${volume}`, e);
      }
    });
  },
};
