import * as vscode from 'vscode';
import type { ClusterMember } from '../../generated';
import { Connection } from '../../connections/connection';
import { ConnectionBound, TreeNode, contextValue } from '../node';
import { ListedNode } from '../listRoot';

export class MemberNode implements ConnectionBound, ListedNode<ClusterMember> {
  readonly id: string;

  constructor(
    readonly connection: Connection,
    public member: ClusterMember,
    viewId: string,
    readonly parent?: TreeNode,
  ) {
    this.id = `${viewId}/${connection.id}/member/${member.server_name}`;
  }

  update(member: ClusterMember): void {
    this.member = member;
  }

  getTreeItem(): vscode.TreeItem {
    const m = this.member;
    const online = m.status === 'Online';
    const item = new vscode.TreeItem(m.server_name ?? '', vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('server', new vscode.ThemeColor(online ? 'charts.green' : 'errorForeground'));
    item.description = [m.status, (m.roles ?? []).join(', '), m.url?.replace(/^https:\/\//, '')].filter(Boolean).join(' · ');
    item.tooltip = new vscode.MarkdownString(
      vscode.l10n.t(
        '**{0}** — {1}\n\n{2}\n\n**Address:** {3}  \n**Roles:** {4}  \n**Architecture:** {5}',
        String(m.server_name),
        String(m.status),
        m.message ?? '',
        m.url ?? '',
        (m.roles ?? []).join(', ') || vscode.l10n.t('(none)'),
        m.architecture ?? '',
      ),
    );
    item.contextValue = contextValue('member', online ? 'online' : 'offline');
    return item;
  }
}
