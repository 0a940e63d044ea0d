import { posix } from 'node:path';
import * as vscode from 'vscode';
import { Connection } from '../../connections/connection';
import { instanceUri, parseInstanceUri } from '../../files/provider';
import { joinPath } from '../../files/uri';
import { describeError } from '../format';
import { ConnectionBound, MessageNode, TreeNode, contextValue } from '../node';
import type { InstanceNode } from './instanceNode';

/**
 * The folders under Files nodes whose entries VS Code shows, by their `lxd:` URI: the node VS Code
 * last asked for each, which is the one to redraw when the folder changes.
 */
const shownFolders = new Map<string, InstanceFileNode>();

/**
 * A file or folder of a running instance, listed in the Instances view under its "Files" node
 * through the `lxd:` file system (the same SFTP listing the Explorer gets): an instance's files
 * without adding it to the workspace, which in a window without a workspace file reloads the window.
 * A folder lists its entries when expanded; a file opens in an editor as an `lxd:` document.
 */
export class InstanceFileNode implements ConnectionBound {
  readonly id: string;
  readonly uri: vscode.Uri;

  constructor(
    readonly instanceNode: InstanceNode,
    readonly parent: TreeNode,
    /** Absolute path inside the instance. */
    readonly path: string,
    readonly type: vscode.FileType,
  ) {
    this.id = `${instanceNode.id}/files${path === '/' ? '' : path}`;
    this.uri = instanceUri({ connectionId: instanceNode.connection.id, project: instanceNode.project, instance: instanceNode.name, path });
  }

  get connection(): Connection {
    return this.instanceNode.connection;
  }

  get isFolder(): boolean {
    return (this.type & vscode.FileType.Directory) !== 0;
  }

  get name(): string {
    return this.path.slice(this.path.lastIndexOf('/') + 1);
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(
      this.uri,
      this.isFolder ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
    );
    item.id = this.id;
    item.label = this.name;
    item.iconPath = this.isFolder ? vscode.ThemeIcon.Folder : vscode.ThemeIcon.File;
    const link = (this.type & vscode.FileType.SymbolicLink) !== 0;
    item.description = link ? '→' : undefined;
    item.tooltip = this.path;
    item.contextValue = contextValue('instanceFile', this.isFolder ? 'folder' : 'file', link && 'link');
    // Sockets, devices and pipes have no content an editor could show.
    if (this.type === vscode.FileType.File || this.type === (vscode.FileType.File | vscode.FileType.SymbolicLink)) {
      item.command = { command: 'vscode.open', title: vscode.l10n.t('Open'), arguments: [this.uri] };
    }
    return item;
  }

  async getChildren(): Promise<TreeNode[]> {
    if (!this.isFolder) {
      return [];
    }
    let entries: [string, vscode.FileType][];
    try {
      entries = await vscode.workspace.fs.readDirectory(this.uri);
    } catch (e) {
      return [MessageNode.error(`${this.id}/error`, vscode.l10n.t('Cannot list {0}: {1}', this.path, describeError(e)), this)];
    }
    shownFolders.set(keyOf(this.connection.id, this.instanceNode.project, this.instanceNode.name, this.path), this);
    if (entries.length === 0) {
      return [new MessageNode(`${this.id}/empty`, vscode.l10n.t('Empty folder'), { icon: 'info', parent: this })];
    }
    // Folders first, then files, each by name: as the Explorer lists them.
    const folder = (t: vscode.FileType): number => ((t & vscode.FileType.Directory) !== 0 ? 0 : 1);
    return entries
      .sort((a, b) => folder(a[1]) - folder(b[1]) || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .map(([name, type]) => new InstanceFileNode(this.instanceNode, this, joinPath(this.path, name), type));
  }
}

/** The "Files" node of a running instance: its `/`. */
export class FilesNode extends InstanceFileNode {
  constructor(instance: InstanceNode) {
    super(instance, instance, '/', vscode.FileType.Directory);
  }

  override getTreeItem(): vscode.TreeItem {
    const item = super.getTreeItem();
    item.label = vscode.l10n.t('Files');
    item.description = '/';
    item.iconPath = new vscode.ThemeIcon('files');
    item.tooltip = vscode.l10n.t('The files of {0}: folders expand, files open in an editor', this.instanceNode.name);
    item.contextValue = contextValue('instanceFile', 'folder', 'root');
    return item;
  }
}

function keyOf(connectionId: string, project: string, instance: string, path: string): string {
  return JSON.stringify([connectionId, project, instance, path]);
}

/** A folder's key in `shownFolders`: its server, project, instance and path; `parent` for the folder holding `uri`. */
function folderKey(uri: vscode.Uri, parent = false): string | undefined {
  try {
    const p = parseInstanceUri(uri);
    return keyOf(p.connectionId, p.project, p.instance, parent ? posix.dirname(p.path) : p.path);
  } catch {
    return undefined;
  }
}

/**
 * Redraws the folders under Files nodes whose entries changed: what the `lxd:` file system made or
 * removed (the Explorer's New File, Delete, Rename, a save as) or was told of (an upload).
 * Redrawing a folder lists it again.
 */
export class ShownFolders implements vscode.Disposable {
  private readonly subscription: vscode.Disposable;

  constructor(
    changes: vscode.Event<vscode.FileChangeEvent[]>,
    private readonly redraw: (node: TreeNode) => void,
  ) {
    this.subscription = changes((events) =>
      this.redrawKeys(events.filter((e) => e.type !== vscode.FileChangeType.Changed).map((e) => folderKey(e.uri, true))),
    );
  }

  private redrawKeys(keys: (string | undefined)[]): void {
    const nodes = new Set(keys.map((k) => (k === undefined ? undefined : shownFolders.get(k))));
    nodes.forEach((n) => n && this.redraw(n));
  }

  dispose(): void {
    this.subscription.dispose();
    shownFolders.clear();
  }
}
