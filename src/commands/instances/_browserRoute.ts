import type { ListeningPort } from '../../client/listeningPorts';

/**
 * How "Open in Browser" reaches a port inside an instance. Pure: unit-tested without VS Code.
 *
 * - `direct`: the browser runs on the server's machine (desktop VS Code, local server) and the
 *   instance has an address there that the port listens on: open it as it is.
 * - `existing`: a proxy device of the instance already forwards a loopback port of the server to
 *   that port: open that one.
 * - `proxy`: add a proxy device that listens on the server's loopback and connects to the port
 *   inside; the server is this machine, so VS Code reaches the loopback port (code-server and
 *   remote windows through `asExternalUri`, which forwards it to the browser).
 * - `remoteProxy`: the same device on a remote server, whose loopback this machine cannot reach:
 *   the user forwards it (an SSH tunnel) before opening.
 * - `unreachable`: a virtual machine without an address the browser reaches: LXD and Incus give
 *   VMs proxy devices in NAT mode only, which needs the VM to have a NIC with a static address.
 */
export type BrowserRoute =
  | { kind: 'direct'; url: string }
  | { kind: 'existing'; device: string; hostPort: number; serverLocal: boolean }
  | { kind: 'proxy' }
  | { kind: 'remoteProxy' }
  | { kind: 'unreachable'; reason: string };

export interface RouteInput {
  port: number;
  /** What listens on the port, if it was seen listening (a port typed by the user was not). */
  listener?: ListeningPort;
  /** The instance's global IPv4 addresses. */
  addresses: string[];
  vm: boolean;
  /** The server runs on the machine of VS Code's extension host (unix socket, or HTTPS on loopback). */
  serverLocal: boolean;
  /** The browser runs on that machine too (desktop VS Code, not a remote window, not code-server). */
  browserLocal: boolean;
  /** A proxy device that already forwards a loopback port of the server to `port`. */
  existing?: { name: string; hostPort: number };
}

export function chooseRoute(i: RouteInput): BrowserRoute {
  const address = reachableAddress(i);
  if (address && i.serverLocal && i.browserLocal) {
    return { kind: 'direct', url: `http://${address}:${i.port}/` };
  }
  if (i.existing) {
    return { kind: 'existing', device: i.existing.name, hostPort: i.existing.hostPort, serverLocal: i.serverLocal };
  }
  if (i.vm) {
    return {
      kind: 'unreachable',
      reason: address
        ? `Port ${i.port} is on the VM's address ${address}, which only the server's machine reaches, and proxy devices forward into a VM only in NAT mode (a NIC with a static address).`
        : `The VM has no address, and proxy devices forward into a VM only in NAT mode (a NIC with a static address).`,
    };
  }
  return i.serverLocal ? { kind: 'proxy' } : { kind: 'remoteProxy' };
}

/** The instance address the port is reachable on, when it listens on more than loopback. */
function reachableAddress(i: RouteInput): string | undefined {
  if (!i.addresses.length || i.listener?.loopbackOnly) {
    return undefined;
  }
  const listens = i.listener?.addresses;
  return i.addresses.find((a) => !listens || listens.some((l) => l === a || l === '0.0.0.0' || l === '::' || l === `::ffff:${a}`));
}

/** Whether a server address (`unix:/…`, `https://host:port`) is on this machine. */
export function isLocalServer(address: string): boolean {
  if (address.startsWith('unix:')) {
    return true;
  }
  try {
    const host = new URL(address).hostname.replace(/^\[|\]$/g, '');
    return host === 'localhost' || /^127\./.test(host) || host === '::1';
  } catch {
    return false;
  }
}

/** `8000 · httpd · 127.0.0.1 only`: how the port picker describes a port. */
export function describePort(p: ListeningPort): string {
  const where = p.loopbackOnly
    ? `${p.addresses.join(', ')} only`
    : p.addresses.some((a) => a === '0.0.0.0' || a === '::')
      ? 'every address'
      : p.addresses.join(', ');
  return [p.processes.join(', '), where].filter(Boolean).join(' · ');
}
