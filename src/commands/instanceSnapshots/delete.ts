import * as vscode from 'vscode';
import { Command, CommandContext } from '../context';
import { resolveSnapshot } from './_shared';
import { failed } from '../wrapper';

export const deleteSnapshot: Command = {
  id: 'lxd.instanceSnapshot.delete',
  async run(ctx: CommandContext, ...args: unknown[]) {
    const { ref, snapshot } = await resolveSnapshot(ctx, args, vscode.l10n.t('Delete Snapshot'));
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t('Delete snapshot "{0}" of "{1}"?', snapshot, ref.name),
      { modal: true },
      vscode.l10n.t('Delete'),
    );
    if (choice !== vscode.l10n.t('Delete')) {
      return;
    }
    try {
      await ref.connection.api(ref.project).instances.deleteSnapshot(ref.name, snapshot).wait();
    } catch (e) {
      throw failed(vscode.l10n.t('Cannot delete snapshot {0} of {1}', snapshot, ref.name), e);
    }
  },
};
