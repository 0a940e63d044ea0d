import * as vscode from 'vscode';
import { Connection } from '../connections/connection';
import { ConnectionManager } from '../connections/manager';
import { ConnectionNode } from './connectionNode';
import { MessageNode, ResourceRoot, TreeNode } from './node';
import { Redraws } from './redraws';
import { eventTime } from '../live/eventLines';
import { traceAt, tracing } from '../logger';

/** What the resources of a view may use of it: its id, and redrawing. */
export interface ViewHandle {
  readonly id: string;
  refresh(target?: TreeNode | Connection): void;
  /**
   * Whether VS Code holds an outdated picture of `node`: what it was last given reads otherwise now
   * (label, description, icon, context value, expandability), or it can expand, so its children may
   * have changed. False for a node VS Code was never given.
   */
  outdated(node: TreeNode): boolean;
}

/** Makes the resources of this view for one connection. */
export type RootFactory<R extends ResourceRoot> = (connection: Connection, view: ViewHandle) => R;

/**
 * One view (instances, images, …). It only delegates: with one connection the view lists that
 * connection's resources directly, with several each connection is a top-level node.
 */
export class ResourceView<R extends ResourceRoot = ResourceRoot> implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode[] | undefined>();
  private readonly roots = new Map<Connection, { root: R; node: ConnectionNode }>();
  /** The server nodes VS Code was last given at the top level (none when the view shows one server). */
  private shownTop = new Set<ConnectionNode>();
  /** How VS Code last read each server's node (see itemReads). */
  private readonly shownServers = new WeakMap<ConnectionNode, string>();
  /** The tree item VS Code was last given for each node. */
  private readonly given = new WeakMap<TreeNode, vscode.TreeItem>();
  /** Redraws that wait while VS Code fetches children under the node (see Redraws). */
  private readonly redraws = new Redraws<TreeNode>((nodes) => {
    if (tracing()) {
      // With the fetches' own lines (getChildren), when each redraw went: VS Code applies it later
      // when it is still busy with the one before (see DEVELOPERS.md, Tree redraws).
      traceAt(`[${this.id}] redraw of ${nodes ? nodes.map((n) => n.id).join(', ') : 'the whole tree'} sent`);
    }
    this.changed.fire(nodes);
  });
  readonly onDidChangeTreeData = this.changed.event;
  readonly treeView: vscode.TreeView<TreeNode>;

  constructor(
    readonly id: string,
    private readonly manager: ConnectionManager,
    private readonly factory: RootFactory<R>,
    options: { canSelectMany?: boolean } = {},
  ) {
    this.treeView = vscode.window.createTreeView(id, {
      treeDataProvider: this,
      showCollapseAll: true,
      canSelectMany: options.canSelectMany,
    });
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    this.redraws.itemAsked(node);
    const item = node.getTreeItem();
    if (node instanceof ConnectionNode) {
      this.shownServers.set(node, itemReads(item));
    }
    this.given.set(node, item);
    return item;
  }

  outdated(node: TreeNode): boolean {
    const given = this.given.get(node);
    if (!given) {
      return false;
    }
    // The tooltip is left out: VS Code resolves it on hover, into the item it was given.
    return (
      given.collapsibleState !== vscode.TreeItemCollapsibleState.None || itemReads(given, false) !== itemReads(node.getTreeItem(), false)
    );
  }

  async resolveTreeItem(item: vscode.TreeItem, node: TreeNode): Promise<vscode.TreeItem> {
    if (item.tooltip === undefined && node.tooltip) {
      item.tooltip = await node.tooltip();
    }
    return item;
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    if (!tracing()) {
      return this.children(node);
    }
    const asked = Date.now();
    const children = await this.children(node);
    const what = `[${this.id}] rows of ${node ? node.id : 'the top level'}`;
    traceAt(`${what} asked at ${eventTime(new Date(asked).toISOString())}, ${children.length} given`);
    return children;
  }

  private async children(node?: TreeNode): Promise<TreeNode[]> {
    if (node) {
      return this.redraws.fetch(node, async () => (await node.getChildren?.()) ?? []);
    }
    this.redraws.topAsked();
    const connections = this.manager.all;
    this.forgetGone(connections);
    if (connections.length === 0) {
      return [];
    }
    if (connections.length === 1) {
      const only = connections[0];
      if (only.status === 'error') {
        return [MessageNode.error(`${this.id}/${only.id}/error`, `${only.name}: ${only.error?.message ?? 'unreachable'}`)];
      }
      this.shownTop = new Set();
      return this.entry(only).root.getChildren(undefined);
    }
    const nodes = connections.map((c) => this.entry(c).node);
    this.shownTop = new Set(nodes);
    // VS Code asks for the servers' rows next, one server after the other, and shows none until it
    // has all: each server lists now, so the lists are on the wire side by side.
    this.roots.forEach((e) => e.root.prefetch?.(e.node));
    return nodes;
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return node.parent;
  }

  /** The resources of a connection, if this view shows it. */
  rootOf(connection: Connection): R {
    return this.entry(connection).root;
  }

  /**
   * The resources of a connection as this view lists them, listed first if the view has not drawn
   * them yet: for a command that reveals one of them.
   */
  async listed(connection: Connection): Promise<R> {
    const e = this.entry(connection);
    await e.root.getChildren(this.manager.all.length > 1 ? e.node : undefined);
    return e.root;
  }

  /** Shows a node: opens the view, expands its parents (and `expand` levels of it), selects and focuses it. */
  async reveal(node: TreeNode, options: { expand?: boolean | number } = {}): Promise<void> {
    await this.treeView.reveal(node, { select: true, focus: true, expand: options.expand });
  }

  /** Redraws one node, or the part of the view that belongs to a connection, or everything. */
  refresh(target?: TreeNode | Connection): void {
    if (target instanceof Connection) {
      // VS Code ignores a refresh of a node it was never given (a server added or connected since the
      // top level was last drawn): then the top level is drawn again, which brings the new node.
      const node = this.manager.all.length > 1 ? this.entry(target).node : undefined;
      if (node && this.shownTop.has(node)) {
        // Mostly the server's rows changed, not how it reads (its name, version, status).
        this.redraws.redraw(node, { childrenOnly: this.shownServers.get(node) === itemReads(node.getTreeItem()) });
      } else {
        this.redraws.redraw(undefined);
      }
    } else {
      this.redraws.redraw(target);
    }
  }

  /** Reloads a connection's resources from the server (or every connection's). */
  reload(connection?: Connection): void {
    // A connection this view has not shown yet, or one gone: the top level changes.
    const shown = connection ? [connection] : this.manager.all;
    let whole = shown.some((c) => !this.roots.has(c)) || (!connection && this.roots.size !== shown.length);
    for (const [c, e] of this.roots) {
      if (connection && c !== connection) {
        continue;
      }
      if (e.root.reload) {
        void e.root.reload();
      } else {
        e.root.invalidate();
        whole = true;
      }
    }
    if (whole) {
      this.refresh(connection);
    }
  }

  private entry(c: Connection): { root: R; node: ConnectionNode } {
    let e = this.roots.get(c);
    if (!e) {
      const root = this.factory(c, this);
      e = { root, node: new ConnectionNode(c, root, this.id) };
      this.roots.set(c, e);
    }
    return e;
  }

  private forgetGone(current: Connection[]): void {
    for (const c of this.roots.keys()) {
      if (!current.includes(c)) {
        this.roots.get(c)?.root.dispose?.();
        this.roots.delete(c);
      }
    }
  }

  dispose(): void {
    this.roots.forEach((e) => e.root.dispose?.());
    this.redraws.dispose();
    this.treeView.dispose();
    this.changed.dispose();
  }
}

/** What a tree item shows: two reads alike need no redraw of the node itself. */
function itemReads(item: vscode.TreeItem, withTooltip = true): string {
  const tooltip = !withTooltip ? undefined : item.tooltip instanceof vscode.MarkdownString ? item.tooltip.value : item.tooltip;
  const icon =
    item.iconPath instanceof vscode.ThemeIcon
      ? item.iconPath.id
      : item.iconPath && typeof item.iconPath === 'object' && 'light' in item.iconPath
        ? String(item.iconPath.light)
        : String(item.iconPath ?? '');
  return JSON.stringify([item.label, item.description, icon, item.contextValue, item.collapsibleState, tooltip]);
}
