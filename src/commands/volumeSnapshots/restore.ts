import * as vscode from 'vscode';
import { daemonName } from '../../connections/serverKind';
import { Command, CommandContext } from '../context';
import { resolveVolumeSnapshot } from './_target';
import { failed } from '../wrapper';

export const restoreVolumeSnapshot: Command = {
  id: 'lxd.volumeSnapshot.restore',
  async run(ctx: CommandContext, ...args: unknown[]) {
    const { target, snapshot } = await resolveVolumeSnapshot(ctx, args, vscode.l10n.t('Restore Volume Snapshot'));
    const volume = target.name;
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t('Restore volume "{0}" to snapshot "{1}"?', volume, snapshot),
      {
        modal: true,
        detail: vscode.l10n.t(
          "The volume's current content is replaced by the snapshot's. {0} refuses while an instance using it runs.",
          daemonName(target.connection),
        ),
      },
      vscode.l10n.t('Restore'),
    );
    if (choice !== vscode.l10n.t('Restore')) {
      return;
    }
    await vscode.window.withProgress(
      { location: { viewId: 'lxd.views.storage' }, title: vscode.l10n.t('Restoring {0} to {1}…', volume, snapshot) },
      async () => {
        try {
          await target.connection.api(target.project).storage.restoreVolumeSnapshot(target.value.ref, snapshot);
        } catch (e) {
          throw failed(vscode.l10n.t('Cannot restore volume {0} to {1}', volume, snapshot), e);
        }
      },
    );
  },
};
