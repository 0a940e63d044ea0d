import * as vscode from 'vscode';
import type { Network } from '../../generated';
import { NetworkNode } from '../../views/networks/networkNode';
import { CommandContext } from '../context';
import { Target, resolveTarget } from '../targets';

/** A managed network a command acts on: the clicked one, or one picked from every server. */
export function resolveNetwork(ctx: CommandContext, args: unknown[], title: string): Promise<Target<Network>> {
  return resolveTarget<Network>(
    ctx,
    args,
    (n) =>
      n instanceof NetworkNode ? { connection: n.connection, project: n.project, name: n.name, value: n.network, node: n } : undefined,
    {
      title,
      noun: 'managed networks',
      noneMessage: vscode.l10n.t('There is no managed network (only the networks LXD or Incus created are managed).'),
      filter: (n) => !!n.managed,
      list: (c) => c.api(c.defaultProject).networks.list(),
      nameOf: (n) => n.name ?? '',
      item: (n, c) => ({
        label: n.name ?? '',
        description: [n.type, (n.used_by ?? []).length ? `used by ${(n.used_by ?? []).length}` : 'unused', n.description]
          .filter(Boolean)
          .join(' · '),
        detail: c.name,
        iconPath: new vscode.ThemeIcon('globe'),
      }),
    },
  );
}
