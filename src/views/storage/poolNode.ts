import * as vscode from 'vscode';
import type { StoragePool, StorageVolume, StorageVolumeSnapshot } from '../../generated';
import { Connection } from '../../connections/connection';
import { mapLimit } from '../../util/limit';
import { ConnectionBound, MessageNode, TreeNode, contextValue } from '../node';
import { ListedNode } from '../listRoot';
import { daemonName } from '../../connections/serverKind';
import { VolumeGroupNode } from './volumeNodes';
import { describeError } from '../format';

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

  /** Pools are server-wide; the project only matters for the volumes listed under them. */
  get project(): string {
    return this.connection.defaultProject;
  }

  getTreeItem(): vscode.TreeItem {
    const p = this.pool;
    const item = new vscode.TreeItem(this.name, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    const broken = !!p.status && p.status !== 'Created';
    item.iconPath = new vscode.ThemeIcon('database', broken ? new vscode.ThemeColor('errorForeground') : undefined);
    item.description = [p.driver, broken ? p.status?.toLowerCase() : '', p.description].filter(Boolean).join(' · ');
    const md = new vscode.MarkdownString(
      vscode.l10n.t('**{0}** — {1} pool{2}\n\n', this.name, String(p.driver), p.description ? `\n\n${p.description}` : ''),
    );
    md.appendMarkdown(
      vscode.l10n.t(
        '**Status:** {0}  \n**Source:** {1}  \n**Used by:** {2}',
        String(p.status ?? ''),
        p.config?.source || vscode.l10n.t('(made by {0})', daemonName(this.connection)),
        (p.used_by ?? []).length,
      ),
    );
    item.tooltip = md;
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
    // LXD lists custom volume snapshots as volumes named `<volume>/<snapshot>`; they go under their volume.
    const own = volumes.filter((v) => !(v.name ?? '').includes('/'));
    const custom = own.filter((v) => v.type === 'custom');
    const instance = own.filter((v) => v.type === 'container' || v.type === 'virtual-machine');
    const images = own.filter((v) => v.type === 'image');
    const snapshots = await this.snapshotsOf(custom);
    this.groups = [
      new VolumeGroupNode(this, 'custom', 'Custom volumes', custom, snapshots),
      new VolumeGroupNode(this, 'instance', 'Instance volumes', instance),
      ...(images.length ? [new VolumeGroupNode(this, 'image', 'Image volumes', images)] : []),
    ];
    return this.groups;
  }

  /** The snapshots of each custom volume (a few requests at a time; a failure just shows none). */
  private async snapshotsOf(custom: StorageVolume[]): Promise<Map<StorageVolume, StorageVolumeSnapshot[]>> {
    const results = await mapLimit(custom, 4, (v) =>
      this.connection.api(v.project ?? undefined).storage.volumeSnapshots({ pool: this.name, type: 'custom', name: v.name ?? '' }),
    );
    return new Map(custom.map((v, i) => [v, results[i].status === 'fulfilled' ? results[i].value : []]));
  }
}
