import * as vscode from 'vscode';
import { daemonName } from '../../connections/serverKind';
import { usedByNames } from '../../views/profiles/usedBy';
import { Command, CommandContext } from '../context';
import { resolveNetwork } from './_target';
import { UserError, failed } from '../wrapper';

/** Deletes a managed network after a modal; LXD refuses one in use, in its own words. */
export const deleteNetwork: Command = {
  id: 'lxd.network.delete',
  async run(ctx: CommandContext, ...args: unknown[]) {
    const { connection, project, name, value } = await resolveNetwork(ctx, args, vscode.l10n.t('Delete Network'));
    if (!value.managed) {
      throw new UserError(vscode.l10n.t('{0} is not managed by {1}, so it cannot be deleted here.', name, daemonName(connection)));
    }
    const api = connection.api(project).networks;
    const current = await api.get(name);
    const usedBy = usedByNames(current.used_by);
    const detail = usedBy.length
      ? `It is used by ${usedBy.join(', ')}. ${daemonName(connection)} refuses to delete a network in use: remove the devices that use it first.`
      : `Nothing uses it. The ${current.type ?? ''} network and its configuration are removed.`;
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t('Delete network "{0}" on {1}?', name, connection.name),
      { modal: true, detail },
      vscode.l10n.t('Delete'),
    );
    if (choice !== vscode.l10n.t('Delete')) {
      return;
    }
    await vscode.window.withProgress(
      { location: { viewId: 'lxd.views.networks' }, title: vscode.l10n.t('Deleting network {0}…', name) },
      async () => {
        try {
          await api.delete(name);
        } catch (e) {
          throw failed(vscode.l10n.t('Cannot delete network {0}', name), e);
        }
      },
    );
  },
};
