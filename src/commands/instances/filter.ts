import * as vscode from 'vscode';
import { INSTANCE_FILTER } from '../../views/arrangement/specs';
import { Command, CommandContext } from '../context';
import { changeFilter } from '../arrangePicks';

/** Narrows the Instances view by name, status, type, project and location, over what is listed. */
export const filterInstances: Command = {
  id: 'lxd.instance.filter',
  async run(ctx: CommandContext) {
    const rows = ctx.connections.all.filter((c) => c.status === 'connected').flatMap((c) => ctx.views.instances.rootOf(c).listed);
    await changeFilter(ctx, 'instances', { noun: vscode.l10n.t('Instances'), spec: INSTANCE_FILTER, rows });
  },
};
