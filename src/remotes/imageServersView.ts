import * as vscode from 'vscode';
import { ImageServer } from './specs';

/**
 * The image servers the CLIs know (`images:`, `ubuntu:`, OCI registries…): sources that a server
 * pulls images from, not servers to manage, so they are listed here rather than as connections.
 * LXD Explorer does not browse them: the daemon fetches from them when an instance is launched.
 */
export class ImageServersView implements vscode.TreeDataProvider<ImageServer>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly treeView: vscode.TreeView<ImageServer>;

  constructor(private readonly servers: () => ImageServer[]) {
    this.treeView = vscode.window.createTreeView('lxd.views.imageServers', { treeDataProvider: this });
  }

  refresh(): void {
    this.changed.fire();
  }

  getChildren(node?: ImageServer): ImageServer[] {
    return node ? [] : [...this.servers()].sort((a, b) => a.cli.localeCompare(b.cli) || a.name.localeCompare(b.name));
  }

  getTreeItem(s: ImageServer): vscode.TreeItem {
    const item = new vscode.TreeItem(`${s.name}:`, vscode.TreeItemCollapsibleState.None);
    item.id = `${s.cli}:${s.name}`;
    item.description = `${s.cli} · ${s.protocol} · ${s.url}`;
    item.iconPath = new vscode.ThemeIcon('cloud-download');
    item.contextValue = 'imageServer';
    item.tooltip = new vscode.MarkdownString(
      `**${s.name}:** — image server of \`${s.cli}\` (${s.protocol})\n\n${s.url}\n\n` +
        `${s.definedIn ? `Declared in \`${s.definedIn}\`.` : `Built into \`${s.cli}\`.`}\n\n` +
        `A server pulls images from it when you launch one, e.g. \`${s.cli} launch ${s.name}:debian/12\`. ` +
        `LXD Explorer lists it but does not fetch its catalogue.`,
    );
    return item;
  }

  dispose(): void {
    this.treeView.dispose();
    this.changed.dispose();
  }
}
