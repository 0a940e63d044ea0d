import * as vscode from 'vscode';
import { ProxyDevice, loopbackListenPort } from '../../client/proxyDevices';
import { Connection } from '../../connections/connection';
import { ConnectionBound, contextValue } from '../node';
import type { InstanceNode } from './instanceNode';

/**
 * A proxy device of an instance (its own, not its profiles'): what "Open in Browser" adds, and any
 * other. It shows where it listens and where it connects; it can be opened (a TCP port on the
 * server's loopback) and removed.
 */
export class ProxyDeviceNode implements ConnectionBound {
  readonly id: string;

  constructor(
    readonly parent: InstanceNode,
    readonly device: ProxyDevice,
  ) {
    this.id = `${parent.id}/device/${device.name}`;
  }

  get connection(): Connection {
    return this.parent.connection;
  }

  get name(): string {
    return this.device.name;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.name, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('plug');
    const on = this.device.bind === 'instance' ? ['instance', 'server'] : ['server', 'instance'];
    item.description = describeProxyDevice(this.device);
    item.tooltip = new vscode.MarkdownString(
      vscode.l10n.t(
        '**{0}** — proxy device of {1}\n\nListens on the {2}: `{3}`\n\nConnects in the {4}: `{5}`',
        this.name,
        this.parent.name,
        on[0],
        this.device.listen,
        on[1],
        this.device.connect,
      ),
    );
    item.contextValue = contextValue('proxyDevice', loopbackListenPort(this.device) !== undefined && 'web');
    return item;
  }
}

/** `127.0.0.1:40123 → 127.0.0.1:8000`: where it listens, where it connects. */
export function describeProxyDevice(d: ProxyDevice): string {
  const short = (address: string): string => address.replace(/^tcp:/, '');
  return `${short(d.listen)} → ${short(d.connect)}`;
}
