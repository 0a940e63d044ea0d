import * as vscode from 'vscode';
import type { Instance, InstanceState } from '../../generated';
import { formatBytes, formatDate } from '../format';
import { allAddresses } from './addresses';

export type InstanceStatusKind = 'running' | 'stopped' | 'frozen' | 'error';

/** LXD's status words → the four states the icons and menus know. */
export function statusKind(status: string | undefined): InstanceStatusKind {
  switch (status) {
    case 'Running':
      return 'running';
    case 'Frozen':
      return 'frozen';
    case 'Error':
      return 'error';
    default:
      return 'stopped';
  }
}

export function typeKind(instance: Instance): 'container' | 'vm' {
  return instance.type === 'virtual-machine' ? 'vm' : 'container';
}

/** One icon per type and status: the shape says container or VM, the badge says the status. */
export type InstanceIcons = (type: 'container' | 'vm', status: InstanceStatusKind) => { light: vscode.Uri; dark: vscode.Uri };

/**
 * The instance icons in `media/icons` of the extension installed at `extensionUri`, each pair made
 * once: made per row, the URIs were most of the extension host's time in `getTreeItem` at 2,000 rows
 * (25 of 31 ms in a profile of the first click).
 */
export function instanceIcons(extensionUri: vscode.Uri): InstanceIcons {
  const base = vscode.Uri.joinPath(extensionUri, 'media', 'icons');
  const made = new Map<string, { light: vscode.Uri; dark: vscode.Uri }>();
  return (type, status) => {
    const name = `${type}-${status}`;
    let icon = made.get(name);
    if (!icon) {
      icon = { light: vscode.Uri.joinPath(base, `${name}-light.svg`), dark: vscode.Uri.joinPath(base, `${name}-dark.svg`) };
      made.set(name, icon);
    }
    return icon;
  };
}

/** The Markdown tooltip: what `lxc info` would tell at a glance. */
export function instanceTooltip(
  instance: Instance,
  state: InstanceState | undefined,
  opts: { clustered: boolean; showProject: boolean },
): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  const kind = instance.type === 'virtual-machine' ? 'virtual machine' : 'container';
  md.appendMarkdown(
    `$(${instance.type === 'virtual-machine' ? 'vm' : 'package'}) **${escape(instance.name ?? '')}** — ${kind}, ${escape(instance.status ?? '')}\n\n`,
  );
  const rows: [string, string][] = [];
  const cfg = instance.config ?? {};
  const image = cfg['image.description'] || [cfg['image.os'], cfg['image.release'], cfg['image.variant']].filter(Boolean).join(' ');
  if (image) {
    rows.push(['Image', image]);
  }
  if (opts.showProject && instance.project) {
    rows.push(['Project', instance.project]);
  }
  if (opts.clustered && instance.location) {
    rows.push(['Location', instance.location]);
  }
  rows.push(['Created', formatDate(instance.created_at)]);
  rows.push(['Profiles', (instance.profiles ?? []).join(', ') || '(none)']);
  if (instance.description) {
    rows.push(['Description', instance.description]);
  }
  if (state) {
    const addresses = allAddresses(state);
    rows.push(['Addresses', addresses.length ? addresses.join(', ') : '(none)']);
    if (state.memory?.usage) {
      rows.push(['Memory', formatBytes(state.memory.usage)]);
    }
    if (state.processes !== undefined && state.processes >= 0 && instance.status === 'Running') {
      rows.push(['Processes', String(state.processes)]);
    }
  }
  for (const [k, v] of rows) {
    if (v) {
      md.appendMarkdown(`**${k}:** ${escape(v)}  \n`);
    }
  }
  return md;
}

function escape(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
