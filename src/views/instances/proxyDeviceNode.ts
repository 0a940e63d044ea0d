import * as vscode from 'vscode';
import { ProxyDevice, parseProxyAddress } from '../../client/proxyDevices';
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

  /** The server's loopback port it listens on, when it is one a browser can open. */
  get loopbackPort(): number | undefined {
    const listen = parseProxyAddress(this.device.listen);
    return this.device.bind === 'host' && listen && /^(127\.|::1$|localhost$)/.test(listen.address) ? listen.port : undefined;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.name, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('plug');
    const on = this.device.bind === 'instance' ? ['instance', 'server'] : ['server', 'instance'];
    item.description = `${short(this.device.listen)} → ${short(this.device.connect)}`;
    item.tooltip = new vscode.MarkdownString(
      `**${this.name}** — proxy device of ${this.parent.name}\n\nListens on the ${on[0]}: \`${this.device.listen}\`\n\nConnects in the ${on[1]}: \`${this.device.connect}\``,
    );
    item.contextValue = contextValue('proxyDevice', this.loopbackPort !== undefined && 'web');
    return item;
  }
}

/** `tcp:127.0.0.1:8000` → `127.0.0.1:8000`. */
function short(address: string): string {
  return address.replace(/^tcp:/, '');
}
