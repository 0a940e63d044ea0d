import * as vscode from 'vscode';
import { daemonName } from '../../connections/serverKind';
import { usedByNames } from '../../views/profiles/usedBy';
import { Command, CommandContext } from '../context';
import { resolveVolume } from './_target';
import { failed } from '../wrapper';

/** LXD refuses to delete a volume attached to an instance or profile; it says so in its words. */
export const deleteVolume: Command = {
  id: 'lxd.volume.delete',
  async run(ctx: CommandContext, ...args: unknown[]) {
    const { connection, project, name, value } = await resolveVolume(ctx, args, vscode.l10n.t('Delete Volume'));
    const api = connection.api(project).storage;
    const [current, snapshots] = await Promise.all([api.volume(value.ref), api.volumeSnapshots(value.ref)]);
    const usedBy = usedByNames(current.used_by);
    const detail = usedBy.length
      ? `It is attached to ${usedBy.join(', ')}. ${daemonName(connection)} refuses to delete a volume in use: detach it first.`
      : `Nothing uses it. Its data${snapshots.length ? ` and its ${snapshots.length} snapshot${snapshots.length > 1 ? 's' : ''}` : ''} are removed for good.`;
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t('Delete volume "{0}" from pool {1}?', name, value.pool),
      { modal: true, detail },
      vscode.l10n.t('Delete'),
    );
    if (choice !== vscode.l10n.t('Delete')) {
      return;
    }
    await vscode.window.withProgress(
      { location: { viewId: 'lxd.views.storage' }, title: vscode.l10n.t('Deleting volume {0}…', name) },
      async () => {
        try {
          await api.deleteVolume(value.ref);
        } catch (e) {
          throw failed(vscode.l10n.t('Cannot delete volume {0}', name), e);
        }
      },
    );
  },
};
