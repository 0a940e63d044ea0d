import * as vscode from 'vscode';
import type { Profile } from '../../generated';
import { Connection } from '../../connections/connection';
import { ConnectionBound, TreeNode, contextValue } from '../node';
import { ListedNode } from '../listRoot';

export class ProfileNode implements ConnectionBound, ListedNode<Profile> {
  readonly id: string;

  constructor(
    readonly connection: Connection,
    public profile: Profile,
    viewId: string,
    readonly parent?: TreeNode,
  ) {
    this.id = `${viewId}/${connection.id}/${connection.project}/profile/${profile.name}`;
  }

  update(profile: Profile): void {
    this.profile = profile;
  }

  get name(): string {
    return this.profile.name ?? '';
  }

  get project(): string {
    return this.profile.project ?? this.connection.defaultProject;
  }

  getTreeItem(): vscode.TreeItem {
    const p = this.profile;
    const item = new vscode.TreeItem(this.name, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('symbol-property');
    const usedBy = (p.used_by ?? []).length;
    const devices = Object.keys(p.devices ?? {});
    item.description = [usedBy ? `used by ${usedBy}` : 'unused', p.description].filter(Boolean).join(' · ');
    const md = new vscode.MarkdownString(`**${this.name}**${p.description ? ` — ${p.description}` : ''}\n\n`);
    md.appendMarkdown(
      vscode.l10n.t(
        '**Devices:** {0}  \n**Config keys:** {1}  \n**Used by:** {2}',
        devices.join(', ') || vscode.l10n.t('(none)'),
        Object.keys(p.config ?? {}).length,
        usedBy,
      ),
    );
    item.tooltip = md;
    item.contextValue = contextValue('profile', this.name === 'default' && 'default', usedBy > 0 && 'used');
    return item;
  }
}
