import * as vscode from 'vscode';
import { daemonName } from '../../connections/serverKind';
import { Command, CommandContext } from '../context';
import { resolveVolumeSnapshot } from './_target';
import { failed } from '../wrapper';

export const restoreVolumeSnapshot: Command = {
  id: 'lxd.volumeSnapshot.restore',
  async run(ctx: CommandContext, ...args: unknown[]) {
    const { target, snapshot } = await resolveVolumeSnapshot(ctx, args, 'Restore Volume Snapshot');
    const volume = target.name;
    const choice = await vscode.window.showWarningMessage(
      `Restore volume "${volume}" to snapshot "${snapshot}"?`,
      { modal: true, detail: `The volume's current content is replaced by the snapshot's. ${daemonName(target.connection)} refuses while an instance using it runs.` },
      'Restore',
    );
    if (choice !== 'Restore') {
      return;
    }
    await vscode.window.withProgress({ location: { viewId: 'lxd.views.storage' }, title: `Restoring ${volume} to ${snapshot}…` }, async () => {
      try {
        await target.connection.api(target.project).storage.restoreVolumeSnapshot(target.value.ref, snapshot);
      } catch (e) {
        throw failed(`Cannot restore volume ${volume} to ${snapshot}`, e);
      }
    });
  },
};
