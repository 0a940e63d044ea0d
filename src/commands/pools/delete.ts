import * as vscode from 'vscode';
import { daemonName } from '../../connections/serverKind';
import { usedByNames } from '../../views/profiles/usedBy';
import { Command, CommandContext } from '../context';
import { resolvePool } from './_target';
import { listSome } from '../../views/format';
import { failed } from '../wrapper';

/** LXD refuses to delete a pool that volumes, images or profiles still use; it says so in its words. */
export const deletePool: Command = {
  id: 'lxd.pool.delete',
  async run(ctx: CommandContext, ...args: unknown[]) {
    const { connection, name, value } = await resolvePool(ctx, args, vscode.l10n.t('Delete Storage Pool'));
    const api = connection.api().storage;
    const usedBy = usedByNames((await api.pool(name)).used_by);
    const detail = usedBy.length
      ? `It is used by ${listSome(usedBy, 8)}. ${daemonName(connection)} refuses to delete a pool in use.`
      : `Nothing uses it. The pool and the ${value.driver ?? ''} storage behind it are removed.`;
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t('Delete storage pool "{0}" on {1}?', name, connection.name),
      { modal: true, detail },
      vscode.l10n.t('Delete'),
    );
    if (choice !== vscode.l10n.t('Delete')) {
      return;
    }
    await vscode.window.withProgress(
      { location: { viewId: 'lxd.views.storage' }, title: vscode.l10n.t('Deleting storage pool {0}…', name) },
      async () => {
        try {
          await api.deletePool(name);
        } catch (e) {
          throw failed(vscode.l10n.t('Cannot delete storage pool {0}', name), e);
        }
      },
    );
  },
};
