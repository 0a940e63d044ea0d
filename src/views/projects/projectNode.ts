import * as vscode from 'vscode';
import type { Project } from '../../generated';
import { Connection } from '../../connections/connection';
import { ConnectionBound, TreeNode, contextValue } from '../node';
import { ListedNode } from '../listRoot';

export class ProjectNode implements ConnectionBound, ListedNode<Project> {
  readonly id: string;

  constructor(
    readonly connection: Connection,
    public project: Project,
    viewId: string,
    readonly parent?: TreeNode,
  ) {
    this.id = `${viewId}/${connection.id}/project/${project.name}`;
  }

  update(project: Project): void {
    this.project = project;
  }

  get name(): string {
    return this.project.name ?? '';
  }

  getTreeItem(): vscode.TreeItem {
    const p = this.project;
    const current = !this.connection.allProjects && this.connection.project === this.name;
    const item = new vscode.TreeItem(this.name, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon(current ? 'pass-filled' : 'project', current ? new vscode.ThemeColor('charts.green') : undefined);
    const features = Object.entries(p.config ?? {})
      .filter(([k, v]) => k.startsWith('features.') && v === 'true')
      .map(([k]) => k.slice('features.'.length));
    item.description = [current ? 'current' : '', p.description].filter(Boolean).join(' · ');
    item.tooltip = new vscode.MarkdownString(
      vscode.l10n.t(
        '**{0}**{1}\n\n**Own:** {2}  \n**Used by:** {3}',
        this.name,
        p.description ? ` — ${p.description}` : '',
        features.join(', ') || vscode.l10n.t("nothing (shares the default project's)"),
        (p.used_by ?? []).length,
      ),
    );
    item.contextValue = contextValue('project', current && 'current', this.name === 'default' && 'default');
    return item;
  }
}
