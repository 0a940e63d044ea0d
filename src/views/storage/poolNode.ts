import * as vscode from 'vscode';
import type { StoragePool, StorageVolume, StorageVolumeSnapshot } from '../../generated';
import { Connection } from '../../connections/connection';
import { mapLimit } from '../../util/limit';
import { ConnectionBound, MessageNode, TreeNode, contextValue, filteredOutMessage } from '../node';
import { ListFilter, ListedNode } from '../listRoot';
import { daemonName } from '../../connections/serverKind';
import { VolumeGroupNode } from './volumeNodes';
import { describeError } from '../format';

/** A storage pool; its volumes are grouped: the user's custom volumes apart from LXD's own. */
export class PoolNode implements ConnectionBound, ListedNode<StoragePool> {
  readonly id: string;
  /** The pool's volumes (snapshots apart) and the snapshots of its custom volumes, once listed. */
  private listing?: { volumes: StorageVolume[]; snapshots: Map<StorageVolume, StorageVolumeSnapshot[]> };

  constructor(
    readonly connection: Connection,
    public pool: StoragePool,
    readonly viewId: string,
    readonly parent?: TreeNode,
    /** The Storage view's volume filter. */
    private readonly volumeFilter?: ListFilter<StorageVolume>,
  ) {
    this.id = `${viewId}/${connection.id}/pool/${pool.name}`;
  }

  update(pool: StoragePool): void {
    this.pool = pool;
    this.listing = undefined;
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
    if (!this.listing) {
      let volumes: StorageVolume[];
      try {
        volumes = await this.connection.api().storage.volumes(this.name, { allProjects: this.connection.allProjects });
      } catch (e) {
        return [MessageNode.error(`${this.id}/error`, `Cannot list volumes: ${describeError(e)}`, this)];
      }
      // LXD lists custom volume snapshots as volumes named `<volume>/<snapshot>`; they go under their volume.
      const own = volumes.filter((v) => !(v.name ?? '').includes('/'));
      this.listing = { volumes: own, snapshots: await this.snapshotsOf(own.filter((v) => v.type === 'custom')) };
    }
    const f = this.volumeFilter;
    const filtered = !!f?.active();
    const shown = filtered ? this.listing.volumes.filter((v) => f?.keep(v)) : this.listing.volumes;
    const custom = shown.filter((v) => v.type === 'custom');
    const instance = shown.filter((v) => v.type === 'container' || v.type === 'virtual-machine');
    const images = shown.filter((v) => v.type === 'image');
    const groups = [
      new VolumeGroupNode(this, 'custom', 'Custom volumes', custom, this.listing.snapshots),
      new VolumeGroupNode(this, 'instance', 'Instance volumes', instance),
      ...(images.length ? [new VolumeGroupNode(this, 'image', 'Image volumes', images)] : []),
    ];
    if (!filtered || !f) {
      return groups;
    }
    // Only the groups with volumes the filter lets through, or a line that says none does.
    const kept = groups.filter((g) => g.size > 0);
    return kept.length ? kept : [filteredOutMessage(`${this.id}/filtered`, 'volumes', f.clearCommand, this)];
  }

  /** The snapshots of each custom volume (a few requests at a time; a failure just shows none). */
  private async snapshotsOf(custom: StorageVolume[]): Promise<Map<StorageVolume, StorageVolumeSnapshot[]>> {
    const results = await mapLimit(custom, 4, (v) =>
      this.connection.api(v.project ?? undefined).storage.volumeSnapshots({ pool: this.name, type: 'custom', name: v.name ?? '' }),
    );
    return new Map(custom.map((v, i) => [v, results[i].status === 'fulfilled' ? results[i].value : []]));
  }
}
