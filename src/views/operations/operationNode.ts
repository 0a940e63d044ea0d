import * as vscode from 'vscode';
import type { Operation } from '../../generated';
import { Connection } from '../../connections/connection';
import { progressOf } from '../../client';
import { ConnectionBound, TreeNode, contextValue } from '../node';
import { ListedNode } from '../listRoot';

export class OperationNode implements ConnectionBound, ListedNode<Operation> {
  readonly id: string;

  constructor(
    readonly connection: Connection,
    public operation: Operation,
    viewId: string,
    readonly parent?: TreeNode,
  ) {
    this.id = `${viewId}/${connection.id}/operation/${operation.id}`;
  }

  update(op: Operation): void {
    this.operation = op;
  }

  getTreeItem(): vscode.TreeItem {
    const op = this.operation;
    const item = new vscode.TreeItem(op.description ?? op.id ?? '', vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    const running = op.status === 'Running' || op.status === 'Pending';
    item.iconPath = new vscode.ThemeIcon(running ? 'loading~spin' : op.status === 'Failure' ? 'error' : 'check');
    const progress = progressOf(op);
    const resources = Object.values(op.resources ?? {})
      .flat()
      .map((u) => (u ?? '').split('?')[0].split('/').pop())
      .filter(Boolean);
    item.description = [op.status, progress?.text, [...new Set(resources)].join(', ')].filter(Boolean).join(' · ');
    item.tooltip = new vscode.MarkdownString(`**${op.description}** (${op.class})\n\n**Status:** ${op.status}${op.err ? `  \n**Error:** ${op.err}` : ''}  \n**Created:** ${op.created_at}  \n**Id:** \`${op.id}\``);
    item.contextValue = contextValue('operation', op.may_cancel && running && 'cancellable', op.class);
    return item;
  }
}
