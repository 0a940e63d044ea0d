import * as vscode from 'vscode';
import type { RemoteImage, ServerKind } from '../client';
import { ConnectionManager } from '../connections/manager';
import { ImageFacts, compareImages, imageDescription, imageDetail, remoteFacts, userAlias } from '../imageServers/choices';
import { ImageServers } from '../imageServers/registry';
import { ImageSource } from '../imageServers/sources';
import { describeError } from '../views/format';

/** An image server's row. */
export class ImageSourceNode {
  constructor(readonly source: ImageSource) {}
}

/** The images of one OS on one server. */
class OsNode {
  constructor(
    readonly source: ImageSource,
    readonly os: string,
    readonly images: RemoteImage[],
  ) {}
}

/** One image an image server offers: "Launch Instance…" runs the create wizard with it. */
export class RemoteImageNode {
  readonly facts: ImageFacts;
  constructor(
    readonly source: ImageSource,
    readonly image: RemoteImage,
  ) {
    this.facts = remoteFacts(image, source.name);
  }
}

class InfoNode {
  constructor(
    readonly label: string,
    readonly icon: string,
    readonly tooltip?: string,
  ) {}
}

type Node = ImageSourceNode | OsNode | RemoteImageNode | InfoNode;

/**
 * The image servers a user has (`lxd.imageServers`, the CLIs' `images:`, `ubuntu:`…): sources a
 * server pulls images from, not servers to manage. Each lists its images when expanded, by OS, for
 * the architectures of the connected servers.
 */
export class ImageServersView implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly treeView: vscode.TreeView<Node>;

  constructor(
    private readonly servers: ImageServers,
    private readonly connections: ConnectionManager,
  ) {
    this.treeView = vscode.window.createTreeView('lxd.views.imageServers', { treeDataProvider: this });
  }

  refresh(): void {
    this.changed.fire();
  }

  async getChildren(node?: Node): Promise<Node[]> {
    if (!node) {
      return (await this.servers.sources()).map((s) => new ImageSourceNode(s));
    }
    if (node instanceof OsNode) {
      return node.images.map((i) => new RemoteImageNode(node.source, i));
    }
    if (!(node instanceof ImageSourceNode)) {
      return [];
    }
    if (!node.source.server) {
      return [new InfoNode(node.source.problem ?? 'Cannot be read.', 'warning')];
    }
    try {
      const { kind, architectures } = await this.targets();
      const all = await this.servers.images(node.source, { flavour: kind });
      const images = all.filter(
        (i) =>
          (node.source.server?.protocol !== 'simplestreams' || i.aliases.length > 0) &&
          (!architectures.size || architectures.has(i.architecture)),
      );
      if (!images.length) {
        return [new InfoNode(all.length ? `No image for ${[...architectures].join(', ')}` : 'No images', 'info')];
      }
      const byOs = new Map<string, RemoteImage[]>();
      for (const i of images.sort((a, b) => compareImages(remoteFacts(a, ''), remoteFacts(b, '')))) {
        byOs.set(i.os, [...(byOs.get(i.os) ?? []), i]);
      }
      return [...byOs].map(([os, list]) => new OsNode(node.source, os, list));
    } catch (e) {
      return [new InfoNode(describeError(e), 'error', `${node.source.url} could not be read.`)];
    }
  }

  /** Which daemon the fingerprints are for, and the architectures worth listing: those of the connected servers. */
  private async targets(): Promise<{ kind?: ServerKind; architectures: Set<string> }> {
    const connected = this.connections.all.filter((c) => c.status === 'connected');
    const infos = await Promise.all(
      connected.map((c) =>
        c
          .api()
          .serverInfo()
          .catch(() => undefined),
      ),
    );
    const architectures = new Set(infos.map((i) => i?.environment?.architectures?.[0]).filter((a): a is string => !!a));
    const kinds = new Set(connected.map((c) => c.server?.kind));
    return { kind: kinds.size === 1 ? connected[0].server?.kind : undefined, architectures };
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node instanceof ImageSourceNode) {
      return sourceItem(node.source);
    }
    if (node instanceof OsNode) {
      const item = new vscode.TreeItem(node.os || vscode.l10n.t('(no OS)'), vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `${node.source.origin}:${node.source.name}/${node.os}`;
      item.description = `${node.images.length}`;
      item.iconPath = new vscode.ThemeIcon('folder');
      return item;
    }
    if (node instanceof RemoteImageNode) {
      return imageItem(node);
    }
    const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
    item.iconPath = new vscode.ThemeIcon(node.icon);
    item.tooltip = node.tooltip ?? node.label;
    return item;
  }

  dispose(): void {
    this.treeView.dispose();
    this.changed.dispose();
  }
}

function sourceItem(s: ImageSource): vscode.TreeItem {
  const item = new vscode.TreeItem(
    `${s.name}:`,
    s.server ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
  );
  item.id = `${s.origin}:${s.name}`;
  item.description = `${s.origin} · ${s.protocol} · ${s.url}`;
  item.iconPath = new vscode.ThemeIcon(s.server ? 'cloud-download' : 'warning');
  item.contextValue = s.server ? 'imageServer+readable' : 'imageServer';
  const declared =
    s.origin === 'lxd.imageServers'
      ? 'Declared in the `lxd.imageServers` setting.'
      : s.definedIn
        ? `Declared in \`${s.definedIn}\`.`
        : `Built into \`${s.origin}\`.`;
  item.tooltip = new vscode.MarkdownString(
    `**${s.name}:** — image server (${s.protocol}) of ${s.origin}\n\n${s.url}\n\n${declared}\n\n` +
      (s.problem ?? `Expand it to see its images, or launch one with **Create Instance…**, as \`lxc launch ${s.name}:<alias>\` would.`),
  );
  return item;
}

function imageItem(node: RemoteImageNode): vscode.TreeItem {
  const f = node.facts;
  const item = new vscode.TreeItem(userAlias(f.aliases) ?? f.fingerprint.slice(0, 12), vscode.TreeItemCollapsibleState.None);
  item.id = `${node.source.origin}:${node.source.name}/${f.fingerprint}`;
  item.description = imageDescription({ ...f, os: '' });
  item.iconPath = new vscode.ThemeIcon(f.type === 'virtual-machine' ? 'vm' : 'package');
  item.contextValue = `remoteImage+${f.type === 'virtual-machine' ? 'vm' : 'container'}`;
  item.tooltip = new vscode.MarkdownString(
    vscode.l10n.t(
      '**{0}:{1}**\n\n{2}\n\n{3}\n\nFingerprint `{4}`',
      node.source.name,
      userAlias(f.aliases) ?? f.fingerprint.slice(0, 12),
      imageDescription(f),
      imageDetail(f),
      f.fingerprint,
    ),
  );
  return item;
}
