import * as vscode from 'vscode';
import type { Connection } from '../connections/connection';

/** What every tree node is: a stable id, its item, and (for parents) its children. */
export interface TreeNode {
  /** Stable across refreshes, so selection and expansion survive. */
  readonly id: string;
  readonly parent?: TreeNode;
  getTreeItem(): vscode.TreeItem;
  getChildren?(): Promise<TreeNode[]> | TreeNode[];
  /**
   * The hover text, built only when VS Code asks (on hover, through `resolveTreeItem`): a tooltip
   * per row in `getTreeItem` costs its building, VS Code's Markdown lexing and the IPC for every
   * row of a 1,000-row list.
   */
  tooltip?(): vscode.MarkdownString | string | Promise<vscode.MarkdownString | string>;
}

/** A node that carries the connection it belongs to (commands find their client through it). */
export interface ConnectionBound extends TreeNode {
  readonly connection: Connection;
}

/** The resources of one view for one connection (instances, images, …). */
export interface ResourceRoot {
  getChildren(parent: TreeNode | undefined): Promise<TreeNode[]>;
  /** Forget what was loaded; the next `getChildren` asks the server again. */
  invalidate(): void;
  /**
   * Lists again and tells the view itself what to redraw (only what changed); without it the view
   * forgets what was loaded and redraws the whole connection.
   */
  reload?(): Promise<void>;
  /**
   * VS Code is about to ask for the rows under `parent` (the view shows the server's node): lists
   * them now if they are not listed, and the question joins that list.
   */
  prefetch?(parent: TreeNode): void;
  /** Stops what it has scheduled (the connection is gone, or the view). */
  dispose?(): void;
}

/** A line of text in the tree: an empty list, a load failure, a disconnected server. */
export class MessageNode implements TreeNode {
  constructor(
    readonly id: string,
    private readonly text: string,
    private readonly options: {
      icon?: string;
      color?: string;
      tooltip?: string;
      retry?: boolean;
      parent?: TreeNode;
      /** What a click on the line does (Clear Filter, say). */
      command?: vscode.Command;
    } = {},
  ) {}

  get parent(): TreeNode | undefined {
    return this.options.parent;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.text, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.iconPath = this.options.icon
      ? new vscode.ThemeIcon(this.options.icon, this.options.color ? new vscode.ThemeColor(this.options.color) : undefined)
      : undefined;
    item.tooltip = this.options.tooltip ?? this.text;
    item.contextValue = this.options.retry ? 'message+retry' : 'message';
    item.command = this.options.command;
    return item;
  }

  static error(id: string, text: string, parent?: TreeNode): MessageNode {
    return new MessageNode(id, text, { icon: 'error', color: 'errorForeground', retry: true, parent });
  }
}

/**
 * The line a list shows when it has rows but the view's filter hides them all: it says so (rather
 * than looking empty), and a click clears the filter.
 */
export function filteredOutMessage(id: string, noun: string, clearCommand: string, parent?: TreeNode): MessageNode {
  return new MessageNode(id, vscode.l10n.t('No {0} match the filter', noun), {
    icon: 'filter',
    tooltip: vscode.l10n.t('Click to clear the filter'),
    command: { command: clearCommand, title: vscode.l10n.t('Clear Filter') },
    parent,
  });
}

/** Composes `contextValue` strings: a kind, then `+flag`s, matched by anchored regexes in package.json. */
export function contextValue(kind: string, ...flags: (string | false | undefined)[]): string {
  return [kind, ...flags.filter((f): f is string => !!f)].join('+');
}
