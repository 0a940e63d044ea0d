import * as vscode from 'vscode';
import type { Instance, InstanceSnapshot, InstanceState } from '../../generated';
import { Connection } from '../../connections/connection';
import { ConnectionBound, MessageNode, TreeNode, contextValue } from '../node';
import { ipv4Addresses } from './addresses';
import { rowInstance, rowState } from './model';
import { rowSignature } from './staleness';
import { InstanceIcons, instanceTooltip, statusKind, typeKind } from './presentation';
import { describeError, formatDate, snapshotName } from '../format';
import { proxyDevices } from '../../client/proxyDevices';
import { ProxyDeviceNode } from './proxyDeviceNode';
import { FilesNode } from './filesNode';

/**
 * An instance. The node object lives as long as the instance is listed, and its data is updated in
 * place, so a refresh of this one node keeps selection and expansion.
 */
export class InstanceNode implements ConnectionBound {
  readonly id: string;
  /** The row's share of the instance (see rowInstance): read the whole object from the server. */
  instance: Instance;
  state?: InstanceState;
  private snapshots?: SnapshotNode[];
  /** Kept while the instance runs: the same node each time, so it can be revealed and stays expanded. */
  private filesNode?: FilesNode;

  constructor(
    readonly connection: Connection,
    instance: Instance,
    readonly viewId: string,
    private readonly icons: InstanceIcons,
    /** The connection node, or the group it is shown in. */
    public parent?: TreeNode,
  ) {
    this.id = instanceNodeId(viewId, connection, instance.project ?? connection.project, instance.name ?? '');
    this.instance = rowInstance(instance);
  }

  get name(): string {
    return this.instance.name ?? '';
  }

  /** The project the instance lives in (it matters with "All projects"). */
  get project(): string {
    return this.instance.project ?? this.connection.project;
  }

  get running(): boolean {
    return this.instance.status === 'Running';
  }

  /** New data from the server; true when the row (or its tooltip) now reads differently. */
  update(instance: Instance, state?: InstanceState): boolean {
    const before = rowSignature(this.instance, this.state);
    this.instance = rowInstance(instance);
    this.state = instance.status === 'Running' ? (state ? rowState(state) : this.state) : undefined;
    this.snapshots = undefined;
    return rowSignature(this.instance, this.state) !== before;
  }

  /** The status an event says the instance has now, shown before the instance is read again. */
  setStatus(status: string): boolean {
    if (this.instance.status === status) {
      return false;
    }
    this.instance = { ...this.instance, status };
    if (status !== 'Running') {
      this.state = undefined;
    }
    return true;
  }

  get ipv4(): string[] {
    return ipv4Addresses(this.state);
  }

  getTreeItem(): vscode.TreeItem {
    const status = statusKind(this.instance.status);
    const type = typeKind(this.instance);
    const item = new vscode.TreeItem(this.name, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    const ipv4 = this.ipv4;
    const parts = [ipv4.length ? ipv4[0] : (this.instance.status ?? '').toLowerCase()];
    if (this.connection.allProjects) {
      parts.push(this.project);
    }
    // On a cluster of several members, where an instance runs matters as much as its state.
    if ((this.connection.server?.members ?? 1) > 1 && this.instance.location && this.instance.location !== 'none') {
      parts.push(this.instance.location);
    }
    item.description = parts.join(' · ');
    item.iconPath = this.icons(type, status);
    item.contextValue = contextValue('instance', type === 'vm' ? 'vm' : 'container', status, ipv4.length > 0 && 'ipv4');
    item.accessibilityInformation = { label: `${this.name}, ${type === 'vm' ? 'virtual machine' : 'container'}, ${this.instance.status}` };
    return item;
  }

  tooltip(): vscode.MarkdownString {
    return instanceTooltip(this.instance, this.state, {
      clustered: !!this.connection.server?.clustered,
      showProject: this.connection.allProjects,
    });
  }

  async getChildren(): Promise<TreeNode[]> {
    // Its files first (a running instance's), then the ports forwarded to it ("Open in Browser" adds them).
    const files = this.files ? [this.files] : [];
    const devices = proxyDevices(this.instance).map((d) => new ProxyDeviceNode(this, d));
    return [...files, ...devices, ...(await this.snapshotChildren())];
  }

  /** The "Files" node, while the instance runs (a VM's files go through its agent, a container's through its running init). */
  get files(): FilesNode | undefined {
    if (!this.running) {
      this.filesNode = undefined;
      return undefined;
    }
    return (this.filesNode ??= new FilesNode(this));
  }

  private async snapshotChildren(): Promise<TreeNode[]> {
    if (!this.snapshots) {
      try {
        const list = await this.connection.api(this.project).instances.snapshots(this.name);
        this.snapshots = list.map((s) => new SnapshotNode(this, s));
      } catch (e) {
        return [MessageNode.error(`${this.id}/snapshots-error`, `Cannot list snapshots: ${describeError(e)}`, this)];
      }
    }
    return this.snapshots.length
      ? this.snapshots
      : [new MessageNode(`${this.id}/no-snapshots`, vscode.l10n.t('No snapshots'), { icon: 'info', parent: this })];
  }

  /** Snapshots changed: the next expansion lists them again. */
  invalidateSnapshots(): void {
    this.snapshots = undefined;
  }
}

export class SnapshotNode implements ConnectionBound {
  readonly id: string;

  constructor(
    readonly parent: InstanceNode,
    readonly snapshot: InstanceSnapshot,
  ) {
    this.id = `${parent.id}/snapshot/${snapshot.name}`;
  }

  get connection(): Connection {
    return this.parent.connection;
  }

  /** The snapshot's own name (LXD lists it without the instance prefix). */
  get name(): string {
    return snapshotName(this.snapshot.name);
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.name, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('device-camera');
    const created = formatDate(this.snapshot.created_at);
    item.description = [created, this.snapshot.stateful ? 'stateful' : ''].filter(Boolean).join(' · ');
    item.contextValue = contextValue('snapshot', this.snapshot.stateful && 'stateful');
    return item;
  }

  tooltip(): vscode.MarkdownString {
    const created = formatDate(this.snapshot.created_at);
    const expires = formatDate(this.snapshot.expires_at);
    return new vscode.MarkdownString(
      vscode.l10n.t(
        '**{0}** — snapshot of {1}\n\nCreated: {2}{3}',
        this.name,
        this.parent.name,
        created || vscode.l10n.t('unknown'),
        expires ? vscode.l10n.t('\n\nExpires: {0}', expires) : '',
      ),
    );
  }
}

export function instanceNodeId(viewId: string, connection: Connection, project: string, name: string): string {
  return `${viewId}/${connection.id}/${project}/instance/${name}`;
}
