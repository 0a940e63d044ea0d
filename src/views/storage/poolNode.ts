import * as vscode from 'vscode';
import type { StoragePool, StorageVolume } from '../../generated';
import { Connection, describeError } from '../../connections/connection';
import { ConnectionBound, MessageNode, TreeNode, contextValue } from '../node';
import { ListedNode } from '../listRoot';

/** A storage pool; its volumes are grouped: the user's custom volumes apart from LXD's own. */
export class PoolNode implements ConnectionBound, ListedNode<StoragePool> {
  readonly id: string;
  private groups?: TreeNode[];

  constructor(
    readonly connection: Connection,
    public pool: StoragePool,
    readonly viewId: string,
    readonly parent?: TreeNode,
  ) {
    this.id = `${viewId}/${connection.id}/pool/${pool.name}`;
  }

  update(pool: StoragePool): void {
    this.pool = pool;
    this.groups = undefined;
  }

  get name(): string {
    return this.pool.name ?? '';
  }

  getTreeItem(): vscode.TreeItem {
    const p = this.pool;
    const item = new vscode.TreeItem(this.name, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('database', p.status && p.status !== 'Created' ? new vscode.ThemeColor('errorForeground') : undefined);
    item.description = [p.driver, `used by ${(p.used_by ?? []).length}`].filter(Boolean).join(' · ');
    item.tooltip = new vscode.MarkdownString(`**${this.name}** — ${p.driver} pool${p.description ? `\n\n${p.description}` : ''}\n\n**Status:** ${p.status ?? ''}  \n**Source:** ${p.config?.source ?? ''}`);
    item.contextValue = contextValue('pool', p.driver);
    return item;
  }

  async getChildren(): Promise<TreeNode[]> {
    if (this.groups) {
      return this.groups;
    }
    let volumes: StorageVolume[];
    try {
      volumes = await this.connection.api().storage.volumes(this.name, { allProjects: this.connection.allProjects });
    } catch (e) {
      return [MessageNode.error(`${this.id}/error`, `Cannot list volumes: ${describeError(e)}`, this)];
    }
    const custom = volumes.filter((v) => v.type === 'custom');
    const instance = volumes.filter((v) => v.type === 'container' || v.type === 'virtual-machine');
    const images = volumes.filter((v) => v.type === 'image');
    this.groups = [
      new VolumeGroupNode(this, 'custom', 'Custom volumes', custom),
      new VolumeGroupNode(this, 'instance', 'Instance volumes', instance),
      ...(images.length ? [new VolumeGroupNode(this, 'image', 'Image volumes', images)] : []),
    ];
    return this.groups;
  }
}

export class VolumeGroupNode implements TreeNode {
  readonly id: string;

  constructor(
    readonly parent: PoolNode,
    private readonly group: string,
    private readonly label: string,
    private readonly volumes: StorageVolume[],
  ) {
    this.id = `${parent.id}/${group}`;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label, this.volumes.length ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = String(this.volumes.length);
    item.iconPath = new vscode.ThemeIcon(this.group === 'custom' ? 'folder-library' : 'folder');
    item.contextValue = contextValue('volumeGroup', this.group);
    return item;
  }

  getChildren(): TreeNode[] {
    return this.volumes.map((v) => new VolumeNode(this.parent, v, this));
  }
}

export class VolumeNode implements ConnectionBound {
  readonly id: string;

  constructor(
    readonly pool: PoolNode,
    readonly volume: StorageVolume,
    readonly parent: TreeNode,
  ) {
    this.id = `${pool.id}/${volume.project ?? ''}/${volume.type}/${volume.name}`;
  }

  get connection(): Connection {
    return this.pool.connection;
  }

  get project(): string {
    return this.volume.project ?? (this.connection.allProjects ? 'default' : this.connection.project);
  }

  getTreeItem(): vscode.TreeItem {
    const v = this.volume;
    const item = new vscode.TreeItem(v.name ?? '', vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon(v.type === 'custom' ? 'file-binary' : v.type === 'image' ? 'file-media' : 'file-symlink-directory');
    const size = v.config?.size;
    item.description = [v.type !== 'custom' ? v.type : v.content_type, size ? size : '', `used by ${(v.used_by ?? []).length}`, this.connection.allProjects ? this.project : ''].filter(Boolean).join(' · ');
    item.tooltip = new vscode.MarkdownString(`**${v.name}** — ${v.type} volume on ${this.pool.name}${v.description ? `\n\n${v.description}` : ''}\n\n**Content:** ${v.content_type ?? 'filesystem'}  \n**Used by:** ${(v.used_by ?? []).join(', ') || '(nothing)'}${size ? `  \n**Size:** ${size}` : ''}`);
    item.contextValue = contextValue('volume', v.type, v.content_type);
    return item;
  }
}
