import * as vscode from 'vscode';
import type { Operation } from '../../generated';
import { Connection } from '../../connections/connection';
import { progressOf } from '../../client';
import { ConnectionBound, TreeNode, contextValue } from '../node';
import { ListedNode } from '../listRoot';
import { formatDate } from '../format';

/** Statuses of an operation that has not ended yet. */
export function isRunning(status: string | undefined): boolean {
  return status === 'Running' || status === 'Pending' || status === 'Cancelling';
}

/** Operations can be cancelled only where LXD says so (downloads, migrations, tokens…), and only while they run. */
export function isCancellable(op: Operation): boolean {
  return !!op.may_cancel && isRunning(op.status);
}

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

  get running(): boolean {
    return isRunning(this.operation.status);
  }

  /** Operations can be cancelled only where LXD says so (downloads, migrations, tokens…). */
  get cancellable(): boolean {
    return isCancellable(this.operation);
  }

  getTreeItem(): vscode.TreeItem {
    const op = this.operation;
    const item = new vscode.TreeItem(operationLabel(op), vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.iconPath = this.running
      ? new vscode.ThemeIcon('loading~spin')
      : op.status === 'Failure'
        ? new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'))
        : op.status === 'Cancelled'
          ? new vscode.ThemeIcon('circle-slash')
          : new vscode.ThemeIcon('check', new vscode.ThemeColor('charts.green'));
    const progress = this.running ? progressOf(op) : undefined;
    const objects = [...new Set(resourceNames(op))];
    item.description = [op.status, progress?.text, objects.join(', ')].filter(Boolean).join(' · ');
    const md = new vscode.MarkdownString(
      vscode.l10n.t('**{0}** — {1} operation\n\n**Status:** {2}', String(op.description ?? op.id), String(op.class), String(op.status)),
    );
    if (op.err) {
      md.appendMarkdown(vscode.l10n.t('  \n**Error:** {0}', op.err));
    }
    if (objects.length) {
      md.appendMarkdown(vscode.l10n.t('  \n**On:** {0}', objects.join(', ')));
    }
    md.appendMarkdown(
      vscode.l10n.t(
        '  \n**Started:** {0}  \n**Can be cancelled:** {1}  \n**Id:** `{2}`',
        formatDate(op.created_at),
        op.may_cancel ? vscode.l10n.t('yes') : vscode.l10n.t('no'),
        String(op.id),
      ),
    );
    item.tooltip = md;
    item.contextValue = contextValue('operation', this.cancellable && 'cancellable', op.class);
    return item;
  }
}

/** The names of the objects an operation works on (`/1.0/instances/c1?project=p` → `c1`; fingerprints shortened). */
function resourceNames(op: Operation): string[] {
  return Object.values(op.resources ?? {})
    .flat()
    .map((u) => decodeURIComponent((u ?? '').split('?')[0].split('/').pop() ?? ''))
    .map((n) => (/^[0-9a-f]{64}$/.test(n) ? n.slice(0, 12) : n))
    .filter(Boolean);
}

/** LXD describes a trust token only as "Executing operation": name it after the client it is for. */
export function operationLabel(op: Operation): string {
  const request = (op.metadata as { request?: { name?: string } } | null | undefined)?.request;
  if (op.class === 'token' && request?.name) {
    return `Trust token for "${request.name}"`;
  }
  return op.description || op.id || '';
}
