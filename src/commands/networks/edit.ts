import * as vscode from 'vscode';
import { daemonName } from '../../connections/serverKind';
import { Command, CommandContext } from '../context';
import { openConfigEditor } from '../targets';
import { resolveNetwork } from './_target';
import { UserError } from '../wrapper';

export const editNetwork: Command = {
  id: 'lxd.network.edit',
  async run(ctx: CommandContext, ...args: unknown[]) {
    const target = await resolveNetwork(ctx, args, 'Edit Network');
    if (!target.value.managed) {
      throw new UserError(
        vscode.l10n.t('{0} is not managed by {1}: it has no configuration to edit.', target.name, daemonName(target.connection)),
      );
    }
    await openConfigEditor(target, 'network', target.name);
  },
};
