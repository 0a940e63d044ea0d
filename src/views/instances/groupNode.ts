import * as vscode from 'vscode';
import { Connection } from '../../connections/connection';
import { Grouping } from '../arrangement/specs';
import { ConnectionBound, TreeNode, contextValue } from '../node';
import type { InstanceNode } from './instanceNode';

const ICONS: Record<Exclude<Grouping, 'none'>, string> = { project: 'project', status: 'pulse', location: 'server-environment' };

/** A group of the Instances view (a project, a status, a cluster member), its rows under it. */
export class InstanceGroupNode implements ConnectionBound {
  readonly id: string;
  /** The rows shown under it, set each time the view arranges them. */
  rows: InstanceNode[] = [];

  constructor(
    readonly connection: Connection,
    readonly by: Exclude<Grouping, 'none'>,
    /** The project, status or member; '' for instances without a location. */
    readonly key: string,
    viewId: string,
    readonly parent?: TreeNode,
  ) {
    this.id = `${viewId}/${connection.id}/group/${by}/${key}`;
  }

  getTreeItem(): vscode.TreeItem {
    const label = this.key || vscode.l10n.t('(no location)');
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Expanded);
    item.id = this.id;
    item.description = String(this.rows.length);
    item.iconPath = new vscode.ThemeIcon(ICONS[this.by]);
    item.tooltip = vscode.l10n.t('{0} instances with {1} {2}', this.rows.length, this.by, label);
    item.contextValue = contextValue('instanceGroup', this.by);
    return item;
  }

  getChildren(): TreeNode[] {
    return this.rows;
  }
}
