import * as vscode from 'vscode';
import { Connection } from '../connections/connection';
import { ConnectionBound, ResourceRoot, TreeNode, contextValue } from './node';

/** A server at the top of a view, when the explorer shows more than one. */
export class ConnectionNode implements ConnectionBound {
  readonly id: string;

  constructor(
    readonly connection: Connection,
    private readonly root: ResourceRoot,
    viewId: string,
  ) {
    this.id = `${viewId}/${connection.id}`;
  }

  /**
   * Built on hover: VS Code's extension host runs every Markdown tooltip it is sent through its
   * Markdown parser, whose first use costs about 15 ms just as the window's first rows are drawn.
   */
  tooltip(): vscode.MarkdownString {
    const c = this.connection;
    const md = new vscode.MarkdownString(
      vscode.l10n.t(
        '**{0}**\n\n{1} at `{2}`\n\nProject: {3}',
        c.name,
        c.serverLabel || vscode.l10n.t('Server'),
        c.spec.address,
        c.projectLabel,
      ),
    );
    if (c.error) {
      md.appendMarkdown(`\n\n${c.status === 'disconnected' ? 'Disconnected' : 'Error'}: ${c.error.message}`);
    }
    return md;
  }

  getTreeItem(): vscode.TreeItem {
    const c = this.connection;
    const item = new vscode.TreeItem(c.name, vscode.TreeItemCollapsibleState.Expanded);
    item.id = this.id;
    item.description = describeConnection(c);
    item.iconPath = new vscode.ThemeIcon(
      c.status === 'connected' ? 'server' : c.status === 'connecting' ? 'loading~spin' : 'debug-disconnect',
      c.status === 'connected' || c.status === 'connecting' ? undefined : new vscode.ThemeColor('errorForeground'),
    );
    item.contextValue = contextValue(
      'connection',
      c.server?.kind,
      c.spec.source !== 'local' && c.spec.source !== 'setting' && 'remote',
      c.status !== 'connected' && 'disconnected',
    );
    return item;
  }

  getChildren(): Promise<TreeNode[]> {
    return this.root.getChildren(this);
  }
}

export function describeConnection(c: Connection): string {
  switch (c.status) {
    case 'connecting':
      return 'connecting…';
    case 'disconnected':
      return 'disconnected, reconnecting…';
    case 'error':
      return 'unreachable';
    default:
      return [c.serverLabel, c.projectLabel].filter(Boolean).join(' · ');
  }
}
