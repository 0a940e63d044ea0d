import * as vscode from 'vscode';
import { InstanceNode } from '../../views/instances/instanceNode';
import { ipv4Addresses } from '../../views/instances/addresses';
import { Command, CommandContext } from '../context';
import { resolveInstance } from '../targets';
import { UserError } from '../wrapper';

export const copyInstanceIPv4: Command = {
  id: 'lxd.instance.copyIPv4',
  async run(ctx: CommandContext, ...args: unknown[]) {
    const ref = await resolveInstance(ctx, args, { title: vscode.l10n.t('Copy IPv4 Address'), filter: (i) => i.status === 'Running' });
    const state =
      (ref.node instanceof InstanceNode ? ref.node.state : undefined) ?? (await ref.connection.api(ref.project).instances.state(ref.name));
    const [ip] = ipv4Addresses(state);
    if (!ip) {
      throw new UserError(vscode.l10n.t('{0} has no IPv4 address.', ref.name));
    }
    await vscode.env.clipboard.writeText(ip);
  },
};
