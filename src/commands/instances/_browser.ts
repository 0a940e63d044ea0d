import * as net from 'node:net';
import * as vscode from 'vscode';
import type { Client } from '../../client';
import { addForward, isPortTaken, webDeviceName, ProxyDevice } from '../../client/proxyDevices';
import { Connection } from '../../connections/connection';
import { daemonName } from '../../connections/serverKind';
import { log } from '../../logger';
import { failed } from '../wrapper';

/**
 * Opens `http://127.0.0.1:<port>/` of the extension host's machine in the user's browser. In a
 * remote window or code-server the browser is elsewhere: `asExternalUri` hands out the address
 * that reaches that port from there (code-server: its own `/proxy/<port>/` path).
 */
export async function openLoopbackPort(port: number): Promise<void> {
  await openUrl(`http://127.0.0.1:${port}/`);
}

export async function openUrl(url: string): Promise<void> {
  const external = await vscode.env.asExternalUri(vscode.Uri.parse(url));
  log().info(`Open in Browser: ${url}${external.toString() !== vscode.Uri.parse(url).toString() ? ` as ${external.toString(true)}` : ''}`);
  await vscode.env.openExternal(external);
}

/** The browser runs where the extension host does: desktop VS Code in a local window. */
export function browserIsLocal(): boolean {
  return vscode.env.uiKind === vscode.UIKind.Desktop && !vscode.env.remoteName;
}

/** A loopback port free on this machine now (the kernel picks it). */
function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A port of a remote server's loopback to try: it cannot be probed from here, a taken one is tried again. */
function somePort(): number {
  return 40000 + Math.floor(Math.random() * 10000);
}

/**
 * Adds the proxy device that forwards a loopback port of the server to `port` inside the
 * instance, under a free `vscode-web-<port>` name. The server binds the port as it applies the
 * change, so a port taken meanwhile fails, and another is tried.
 */
export async function addWebDevice(
  c: Connection,
  client: Client,
  instance: string,
  opts: { port: number; serverLocal: boolean; taken: string[] },
): Promise<ProxyDevice & { hostPort: number }> {
  const name = webDeviceName(opts.port, opts.taken);
  for (let attempt = 1; ; attempt++) {
    const hostPort = opts.serverLocal ? await freeLoopbackPort() : somePort();
    try {
      const device = await addForward(client, instance, { name, port: opts.port, hostPort });
      log().info(`Added proxy device ${name} to ${instance} on ${c.name}: ${device.listen} → ${device.connect}`);
      return { ...device, hostPort };
    } catch (e) {
      if (!isPortTaken(e) || attempt >= 3) {
        throw failed(vscode.l10n.t('{0} could not add the proxy device {1} to {2}', daemonName(c), name, instance), e);
      }
    }
  }
}
