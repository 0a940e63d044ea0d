import * as vscode from 'vscode';
import type { Image } from '../../generated';
import { canRefresh } from '../../client';
import { Connection } from '../../connections/connection';
import { ConnectionBound, TreeNode, contextValue } from '../node';
import { ListedNode } from '../listRoot';
import { formatBytes, formatDate } from '../format';

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
    return imageLabel(this.image);
  }

  getTreeItem(): vscode.TreeItem {
    const img = this.image;
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    const vm = img.type === 'virtual-machine';
    item.iconPath = new vscode.ThemeIcon(vm ? 'vm' : 'package');
    const aliasList = aliasNames(img);
    const described = aliasList.length > 0 && img.properties?.description;
    const fp = shortFingerprint(img);
    item.description = [
      ...aliasList.slice(1),
      described,
      vm ? 'VM' : '',
      formatBytes(img.size),
      this.label === fp ? '' : fp,
      this.connection.allProjects ? this.project : '',
    ]
      .filter(Boolean)
      .join(' · ');
    const aliases = aliasList.join(', ');
    item.contextValue = contextValue('image', vm ? 'vm' : 'container', aliases && 'aliased', canRefresh(img) && 'refreshable');
    return item;
  }

  tooltip(): vscode.MarkdownString {
    const img = this.image;
    const vm = img.type === 'virtual-machine';
    const aliases = aliasNames(img).join(', ');
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
      ['Cached', img.cached ? 'yes: downloaded for an instance, removed when unused for a while' : undefined],
      ['Auto update', img.auto_update ? 'yes' : undefined],
      [
        'Source',
        img.update_source?.server
          ? `${img.update_source.server}${img.update_source.alias ? ` (${img.update_source.alias})` : ''}`
          : undefined,
      ],
    ];
    rows.filter(([, v]) => v).forEach(([k, v]) => md.appendMarkdown(`**${k}:** ${v}  \n`));
    return md;
  }
}

/** What the user calls an image: its first alias, else its description, else its short fingerprint. */
export function imageLabel(img: Image): string {
  return img.aliases?.find((a) => a.name)?.name || img.properties?.description || shortFingerprint(img);
}

/** The first 12 hex digits of the fingerprint, as the CLIs show it. */
export function shortFingerprint(img: Image): string {
  return (img.fingerprint ?? '').slice(0, 12);
}

/** The image's alias names, in LXD's order. */
export function aliasNames(img: Image): string[] {
  return (img.aliases ?? []).map((a) => a.name ?? '').filter(Boolean);
}
