import * as vscode from 'vscode';
import { Command, CommandContext } from '../context';
import { resolveVolumeSnapshot } from './_target';
import { failed } from '../wrapper';

export const deleteVolumeSnapshot: Command = {
  id: 'lxd.volumeSnapshot.delete',
  async run(ctx: CommandContext, ...args: unknown[]) {
    const { target, snapshot } = await resolveVolumeSnapshot(ctx, args, vscode.l10n.t('Delete Volume Snapshot'));
    const volume = target.name;
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t('Delete snapshot "{0}" of volume "{1}"?', snapshot, volume),
      { modal: true },
      vscode.l10n.t('Delete'),
    );
    if (choice !== vscode.l10n.t('Delete')) {
      return;
    }
    await vscode.window.withProgress(
      { location: { viewId: 'lxd.views.storage' }, title: vscode.l10n.t('Deleting snapshot {0}…', snapshot) },
      async () => {
        try {
          await target.connection.api(target.project).storage.deleteVolumeSnapshot(target.value.ref, snapshot).wait();
        } catch (e) {
          throw failed(vscode.l10n.t('Cannot delete snapshot {0} of {1}', snapshot, volume), e);
        }
      },
    );
  },
};
