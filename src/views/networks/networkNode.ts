import * as vscode from 'vscode';
import type { Network } from '../../generated';
import { Connection } from '../../connections/connection';
import { ConnectionBound, TreeNode, contextValue } from '../node';
import { daemonName } from '../../connections/serverKind';
import { ListedNode } from '../listRoot';

/** A network: type, managed or not, and how many objects use it. */
export class NetworkNode implements ConnectionBound, ListedNode<Network> {
  readonly id: string;

  constructor(
    readonly connection: Connection,
    public network: Network,
    viewId: string,
    readonly parent?: TreeNode,
  ) {
    this.id = `${viewId}/${connection.id}/network/${network.name}`;
  }

  update(network: Network): void {
    this.network = network;
  }

  get name(): string {
    return this.network.name ?? '';
  }

  /** Networks are listed from the current project (`default` under "All projects"). */
  get project(): string {
    return this.connection.defaultProject;
  }

  getTreeItem(): vscode.TreeItem {
    const n = this.network;
    const item = new vscode.TreeItem(this.name, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    const usedBy = (n.used_by ?? []).length;
    const broken = !!n.managed && !!n.status && n.status !== 'Created';
    item.iconPath = new vscode.ThemeIcon(n.managed ? 'globe' : 'plug', broken ? new vscode.ThemeColor('errorForeground') : undefined);
    const addresses = ['ipv4.address', 'ipv6.address'].map((k) => n.config?.[k]).filter((a) => a && a !== 'none');
    item.description = n.managed
      ? [n.type, broken ? n.status?.toLowerCase() : '', ...addresses, usedBy ? `used by ${usedBy}` : 'unused'].filter(Boolean).join(' · ')
      : [n.type, `not managed by ${daemonName(this.connection)}`].join(' · ');
    const md = new vscode.MarkdownString(
      `**${this.name}** — ${n.type ?? 'network'}${n.managed ? `, managed by ${daemonName(this.connection)}` : ''}\n\n`,
    );
    if (n.description) {
      md.appendMarkdown(`${n.description}\n\n`);
    }
    if (n.status) {
      md.appendMarkdown(vscode.l10n.t('**Status:** {0}  \n', n.status));
    }
    for (const key of ['ipv4.address', 'ipv6.address', 'bridge.mtu']) {
      if (n.config?.[key]) {
        md.appendMarkdown(`**${key}:** ${n.config[key]}  \n`);
      }
    }
    md.appendMarkdown(vscode.l10n.t('**Used by:** {0}', usedBy));
    item.tooltip = md;
    item.contextValue = contextValue('network', n.managed && 'managed', n.type);
    return item;
  }
}
