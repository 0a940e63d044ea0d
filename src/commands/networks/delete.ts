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
    const { connection, project, name, value } = await resolveNetwork(ctx, args, 'Delete Network');
    if (!value.managed) {
      throw new UserError(`${name} is not managed by ${daemonName(connection)}, so it cannot be deleted here.`);
    }
    const api = connection.api(project).networks;
    const current = await api.get(name);
    const usedBy = usedByNames(current.used_by);
    const detail = usedBy.length
      ? `It is used by ${usedBy.join(', ')}. ${daemonName(connection)} refuses to delete a network in use: remove the devices that use it first.`
      : `Nothing uses it. The ${current.type ?? ''} network and its configuration are removed.`;
    const choice = await vscode.window.showWarningMessage(`Delete network "${name}" on ${connection.name}?`, { modal: true, detail }, 'Delete');
    if (choice !== 'Delete') {
      return;
    }
    await vscode.window.withProgress({ location: { viewId: 'lxd.views.networks' }, title: `Deleting network ${name}…` }, async () => {
      try {
        await api.delete(name);
      } catch (e) {
        throw failed(`Cannot delete network ${name}`, e);
      }
    });
  },
};
