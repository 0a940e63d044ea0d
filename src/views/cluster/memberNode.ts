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
    item.tooltip = new vscode.MarkdownString(`**${m.server_name}** — ${m.status}\n\n${m.message ?? ''}\n\n**Address:** ${m.url ?? ''}  \n**Roles:** ${(m.roles ?? []).join(', ') || '(none)'}  \n**Architecture:** ${m.architecture ?? ''}`);
    item.contextValue = contextValue('member', online ? 'online' : 'offline');
    return item;
  }
}
