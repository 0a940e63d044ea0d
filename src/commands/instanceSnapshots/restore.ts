import * as vscode from 'vscode';
import { Command, CommandContext } from '../context';
import { resolveSnapshot } from './_shared';
import { failed } from '../wrapper';

export const restoreSnapshot: Command = {
  id: 'lxd.instanceSnapshot.restore',
  async run(ctx: CommandContext, ...args: unknown[]) {
    const { ref, snapshot } = await resolveSnapshot(ctx, args, vscode.l10n.t('Restore Snapshot'));
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t('Restore "{0}" to snapshot "{1}"?', ref.name, snapshot),
      { modal: true, detail: vscode.l10n.t("The instance's current filesystem and configuration are replaced by the snapshot's.") },
      vscode.l10n.t('Restore'),
    );
    if (choice !== vscode.l10n.t('Restore')) {
      return;
    }
    await vscode.window.withProgress(
      { location: { viewId: 'lxd.views.instances' }, title: vscode.l10n.t('Restoring {0}', ref.name) },
      async () => {
        try {
          await ref.connection.api(ref.project).instances.restoreSnapshot(ref.name, snapshot).wait();
        } catch (e) {
          throw failed(vscode.l10n.t('Cannot restore {0} to {1}', ref.name, snapshot), e);
        }
      },
    );
  },
};
