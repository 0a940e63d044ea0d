import * as vscode from 'vscode';
import { Command, CommandContext } from '../context';
import { resolveInstance } from '../targets';

export const copyInstanceName: Command = {
  id: 'lxd.instance.copyName',
  async run(ctx: CommandContext, ...args: unknown[]) {
    const ref = await resolveInstance(ctx, args, { title: vscode.l10n.t('Copy Instance Name') });
    await vscode.env.clipboard.writeText(ref.name);
  },
};
