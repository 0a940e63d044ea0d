import * as vscode from 'vscode';
import type { StorageVolume, StorageVolumeSnapshot } from '../../generated';
import { VolumeRef, VolumeType } from '../../client';
import { Connection } from '../../connections/connection';
import { ConnectionBound, MessageNode, TreeNode, contextValue } from '../node';
import { usedByNames } from '../profiles/usedBy';
import type { PoolNode } from './poolNode';
import { formatDate, snapshotName } from '../format';

/** "Custom volumes", "Instance volumes", "Image volumes" under a pool. */
export class VolumeGroupNode implements ConnectionBound {
  readonly id: string;

  constructor(
    readonly parent: PoolNode,
    readonly group: 'custom' | 'instance' | 'image',
    private readonly label: string,
    private readonly volumes: StorageVolume[],
    private readonly snapshots = new Map<StorageVolume, StorageVolumeSnapshot[]>(),
  ) {
    this.id = `${parent.id}/${group}`;
  }

  get connection(): Connection {
    return this.parent.connection;
  }

  get pool(): PoolNode {
    return this.parent;
  }

  /** How many volumes it lists. */
  get size(): number {
    return this.volumes.length;
  }

  getTreeItem(): vscode.TreeItem {
    // Always expandable: VS Code keeps the first state it saw for an id, so a group that starts
    // empty would stay folded when its first volume arrives.
    const state = this.group === 'custom' ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed;
    const item = new vscode.TreeItem(this.label, state);
    item.id = this.id;
    item.description = this.volumes.length ? String(this.volumes.length) : '';
    item.iconPath = new vscode.ThemeIcon(this.group === 'custom' ? 'folder-library' : 'folder');
    item.tooltip =
      this.group === 'custom'
        ? vscode.l10n.t('Volumes you create, attach to instances and snapshot')
        : this.group === 'instance'
          ? vscode.l10n.t('Root volumes of instances: created and deleted with their instance')
          : vscode.l10n.t('Unpacked images kept by the server to create instances faster');
    item.contextValue = contextValue('volumeGroup', this.group);
    return item;
  }

  getChildren(): TreeNode[] {
    if (!this.volumes.length) {
      const text = this.group === 'custom' ? vscode.l10n.t('No custom volumes') : vscode.l10n.t('No {0} volumes', this.group);
      return [
        new MessageNode(`${this.id}/empty`, text, {
          icon: 'info',
          parent: this,
          tooltip: this.group === 'custom' ? vscode.l10n.t('Create one with Create Volume… (+)') : undefined,
        }),
      ];
    }
    return this.volumes.map((v) => new VolumeNode(this.parent, v, this, this.snapshots.get(v) ?? []));
  }
}

export class VolumeNode implements ConnectionBound {
  readonly id: string;

  constructor(
    readonly pool: PoolNode,
    readonly volume: StorageVolume,
    readonly parent: TreeNode,
    readonly snapshots: StorageVolumeSnapshot[] = [],
  ) {
    this.id = `${pool.id}/${volume.project ?? ''}/${volume.type}/${volume.name}`;
  }

  get connection(): Connection {
    return this.pool.connection;
  }

  get name(): string {
    return this.volume.name ?? '';
  }

  get project(): string {
    return this.volume.project ?? this.connection.defaultProject;
  }

  get ref(): VolumeRef {
    return { pool: this.pool.name, type: (this.volume.type ?? 'custom') as VolumeType, name: this.name };
  }

  getTreeItem(): vscode.TreeItem {
    const v = this.volume;
    const custom = v.type === 'custom';
    const item = new vscode.TreeItem(
      this.name,
      this.snapshots.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
    );
    item.id = this.id;
    const block = v.content_type === 'block';
    item.iconPath = new vscode.ThemeIcon(
      !custom
        ? v.type === 'image'
          ? 'file-media'
          : v.type === 'virtual-machine'
            ? 'vm'
            : 'package'
        : block
          ? 'file-binary'
          : 'file-submodule',
    );
    const size = v.config?.size;
    const usedBy = usedByNames(v.used_by);
    item.description = [
      custom ? v.content_type || 'filesystem' : '',
      size,
      custom ? (usedBy.length ? `used by ${usedBy.join(', ')}` : 'unused') : '',
      this.snapshots.length ? `${this.snapshots.length} snapshot${this.snapshots.length === 1 ? '' : 's'}` : '',
      this.connection.allProjects ? this.project : '',
    ]
      .filter(Boolean)
      .join(' · ');
    item.contextValue = contextValue(
      'volume',
      v.type,
      v.content_type,
      usedBy.length > 0 && 'used',
      this.snapshots.length > 0 && 'snapshots',
    );
    return item;
  }

  tooltip(): vscode.MarkdownString {
    const v = this.volume;
    const size = v.config?.size;
    const usedBy = usedByNames(v.used_by);
    const md = new vscode.MarkdownString(
      vscode.l10n.t(
        '**{0}** — {1} volume on pool {2}{3}\n\n',
        this.name,
        String(v.type),
        this.pool.name,
        v.description ? `\n\n${v.description}` : '',
      ),
    );
    md.appendMarkdown(
      vscode.l10n.t(
        '**Content:** {0}  \n**Size:** {1}  \n**Used by:** {2}',
        String(v.content_type || 'filesystem'),
        size || vscode.l10n.t('(no limit)'),
        usedBy.join(', ') || vscode.l10n.t('(nothing)'),
      ),
    );
    if (v.created_at && formatDate(v.created_at)) {
      md.appendMarkdown(vscode.l10n.t('  \n**Created:** {0}', formatDate(v.created_at)));
    }
    return md;
  }

  getChildren(): TreeNode[] {
    return this.snapshots.map((s) => new VolumeSnapshotNode(this, s));
  }
}

export class VolumeSnapshotNode implements ConnectionBound {
  readonly id: string;

  constructor(
    readonly parent: VolumeNode,
    readonly snapshot: StorageVolumeSnapshot,
  ) {
    this.id = `${parent.id}/snapshot/${this.name}`;
  }

  get connection(): Connection {
    return this.parent.connection;
  }

  /** The snapshot's own name (LXD answers `<volume>/<snapshot>`). */
  get name(): string {
    return snapshotName(this.snapshot.name);
  }

  getTreeItem(): vscode.TreeItem {
    const s = this.snapshot;
    const item = new vscode.TreeItem(this.name, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('device-camera');
    const created = formatDate(s.created_at);
    const expires = formatDate(s.expires_at ?? undefined);
    item.description = [created, expires ? `expires ${expires}` : ''].filter(Boolean).join(' · ');
    item.tooltip = new vscode.MarkdownString(
      vscode.l10n.t(
        '**{0}** — snapshot of volume {1}{2}{3}{4}',
        this.name,
        this.parent.name,
        s.description ? `\n\n${s.description}` : '',
        created ? vscode.l10n.t('\n\n**Created:** {0}', created) : '',
        expires ? vscode.l10n.t('  \n**Expires:** {0}', expires) : '',
      ),
    );
    item.contextValue = contextValue('volumeSnapshot');
    return item;
  }
}
