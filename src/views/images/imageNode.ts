import * as vscode from 'vscode';
import type { Image } from '../../generated';
import { Connection } from '../../connections/connection';
import { formatBytes, formatDate } from '../instances/presentation';
import { ConnectionBound, TreeNode, contextValue } from '../node';
import { ListedNode } from '../listRoot';

/** An image: its alias (or description), short fingerprint, size and type. */
export class ImageNode implements ConnectionBound, ListedNode<Image> {
  readonly id: string;

  constructor(
    readonly connection: Connection,
    public image: Image,
    viewId: string,
    readonly parent?: TreeNode,
  ) {
    this.id = `${viewId}/${connection.id}/${image.project ?? connection.project}/image/${image.fingerprint}`;
  }

  update(image: Image): void {
    this.image = image;
  }

  get fingerprint(): string {
    return this.image.fingerprint ?? '';
  }

  get project(): string {
    return this.image.project ?? this.connection.project;
  }

  get label(): string {
    const aliases = (this.image.aliases ?? []).map((a) => a.name).filter(Boolean);
    return aliases[0] ?? this.image.properties?.description ?? this.fingerprint.slice(0, 12);
  }

  getTreeItem(): vscode.TreeItem {
    const img = this.image;
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    const vm = img.type === 'virtual-machine';
    item.iconPath = new vscode.ThemeIcon(vm ? 'vm' : 'package');
    item.description = [this.fingerprint.slice(0, 12), formatBytes(img.size), vm ? 'VM' : 'container', this.connection.allProjects ? this.project : ''].filter(Boolean).join(' · ');
    const aliases = (img.aliases ?? []).map((a) => a.name).join(', ');
    const md = new vscode.MarkdownString();
    md.appendMarkdown(`**${this.label}**\n\n`);
    const rows: [string, string | undefined][] = [
      ['Description', img.properties?.description],
      ['Fingerprint', `\`${this.fingerprint}\``],
      ['Aliases', aliases || '(none)'],
      ['Type', vm ? 'virtual machine' : 'container'],
      ['Architecture', img.architecture],
      ['Size', formatBytes(img.size)],
      ['Uploaded', formatDate(img.uploaded_at)],
      ['Public', img.public ? 'yes' : 'no'],
    ];
    rows.filter(([, v]) => v).forEach(([k, v]) => md.appendMarkdown(`**${k}:** ${v}  \n`));
    item.tooltip = md;
    item.contextValue = contextValue('image', vm ? 'vm' : 'container', aliases && 'aliased');
    return item;
  }
}
