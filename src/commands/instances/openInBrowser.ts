import * as vscode from 'vscode';
import { ListeningPort, readListeningPorts } from '../../client/listeningPorts';
import { forwardingDevice, proxyDevices } from '../../client/proxyDevices';
import { daemonName } from '../../connections/serverKind';
import { ipv4Addresses } from '../../views/instances/addresses';
import { Command, CommandContext } from '../context';
import { askPick, askText, resolveInstance } from '../targets';
import { UserError, failed } from '../wrapper';
import { addWebDevice, browserIsLocal, openLoopbackPort, openUrl } from './_browser';
import { chooseRoute, describePort, isLocalServer } from './_browserRoute';
import { ensureRunning } from './_running';

/**
 * Opens a web port of a running instance in the browser: picked from the TCP ports listening
 * inside it, opened where the browser can reach it, through a proxy device the user agrees to add
 * when it cannot (see `chooseRoute`).
 */
export const openInBrowser: Command = {
  id: 'lxd.instance.openInBrowser',
  async run(ctx: CommandContext, ...args: unknown[]) {
    const ref = await resolveInstance(ctx, args, { title: vscode.l10n.t('Open in Browser'), filter: (i) => i.status === 'Running' });
    await ensureRunning(ref, 'open one of its ports');
    const c = ref.connection;
    const client = c.api(ref.project);
    const [ports, instance, state] = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Reading the ports of {0}…', ref.name) },
      () =>
        Promise.all([readListeningPorts(client, ref.name), client.instances.get(ref.name), client.instances.state(ref.name)]).catch(
          (e: unknown) => {
            throw failed(vscode.l10n.t('Cannot read the listening ports of {0}', ref.name), e);
          },
        ),
    );
    const { port, listener } = await pickPort(ref.name, ports);
    const devices = proxyDevices(instance);
    const existing = forwardingDevice(devices, port);
    const serverLocal = isLocalServer(c.spec.address);
    const route = chooseRoute({
      port,
      listener,
      addresses: ipv4Addresses(state),
      vm: instance.type === 'virtual-machine',
      serverLocal,
      browserLocal: browserIsLocal(),
      existing: existing && { name: existing.name, hostPort: existing.hostPort },
    });
    switch (route.kind) {
      case 'direct':
        return openUrl(route.url);
      case 'existing':
        return route.serverLocal ? openLoopbackPort(route.hostPort) : tellTunnel(c.name, c.spec.address, route.device, route.hostPort);
      case 'unreachable':
        throw new UserError(vscode.l10n.t('Cannot open port {0} of {1} in the browser. {2}', port, ref.name, route.reason));
    }
    const product = daemonName(c);
    const detail = [
      `${ref.name} has no address that ${route.kind === 'proxy' ? 'the browser' : 'this machine'} can reach port ${port} on.`,
      `Add the proxy device "vscode-web-${port}" to ${ref.name}: ${product} listens on a free port of 127.0.0.1 on ${route.kind === 'proxy' ? 'this machine' : c.name} and forwards each connection to 127.0.0.1:${port} inside ${ref.name}.`,
      route.kind === 'remoteProxy' ? `${c.name} is another machine: you reach its 127.0.0.1 through an SSH tunnel.` : '',
      `The device stays until you remove it (it shows under ${ref.name} in the Instances view).`,
    ]
      .filter(Boolean)
      .join('\n\n');
    const action = route.kind === 'proxy' ? vscode.l10n.t('Add Device and Open') : vscode.l10n.t('Add Device');
    const choice = await vscode.window.showInformationMessage(
      vscode.l10n.t('Open port {0} of {1} through a proxy device?', port, ref.name),
      { modal: true, detail },
      action,
    );
    if (choice !== action) {
      return;
    }
    const device = await addWebDevice(c, client, ref.name, { port, serverLocal, taken: devices.map((d) => d.name) });
    if (route.kind === 'proxy') {
      await openLoopbackPort(device.hostPort);
    } else {
      await tellTunnel(c.name, c.spec.address, device.name, device.hostPort);
    }
  },
};

async function pickPort(instance: string, ports: ListeningPort[]): Promise<{ port: number; listener?: ListeningPort }> {
  const OTHER = -1;
  const pick = await askPick(
    [
      ...ports.map((p) => ({ label: String(p.port), description: describePort(p), port: p.port })),
      { label: 'Another port…', description: ports.length ? 'one not listening yet' : 'nothing listens on TCP inside yet', port: OTHER },
    ],
    {
      title: vscode.l10n.t('Open a port of {0} in the browser', instance),
      placeHolder: ports.length
        ? vscode.l10n.t('The TCP ports listening inside')
        : vscode.l10n.t('Nothing listens on TCP inside {0}', instance),
    },
  );
  if (pick.port !== OTHER) {
    return { port: pick.port, listener: ports.find((p) => p.port === pick.port) };
  }
  const typed = await askText({
    title: vscode.l10n.t('Port of {0}', instance),
    prompt: vscode.l10n.t('A TCP port inside the instance (1–65535)'),
    validateInput: (v) => (/^\d+$/.test(v.trim()) && Number(v) >= 1 && Number(v) <= 65535 ? undefined : 'A number from 1 to 65535'),
  });
  return { port: Number(typed.trim()) };
}

/** A device on a remote server's loopback: what to do to reach it, and the button that opens it once that is done. */
async function tellTunnel(server: string, address: string, device: string, hostPort: number): Promise<void> {
  let host = server;
  try {
    host = new URL(address).hostname;
  } catch {
    // Not a URL: the server's name will do.
  }
  const open = `Open http://127.0.0.1:${hostPort}`;
  const choice = await vscode.window.showInformationMessage(
    vscode.l10n.t(
      'The proxy device {0} listens on 127.0.0.1:{1} of {2}. Forward that port to this machine (e.g. ssh -L {3}:127.0.0.1:{4} {5}), then open it.',
      device,
      hostPort,
      server,
      hostPort,
      hostPort,
      host,
    ),
    open,
  );
  if (choice === open) {
    await openLoopbackPort(hostPort);
  }
}
