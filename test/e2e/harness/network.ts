import { execFile } from 'child_process';
import { processTree } from './processes';

/** A socket of ours that reached beyond loopback, or listened beyond it. */
export interface NetworkViolation {
  process: string;
  socket: string;
}

function host(address: string): string {
  const bracketed = /^\[(.*)\](?::\S+)?$/.exec(address);
  if (bracketed) {
    return bracketed[1];
  }
  const colon = address.lastIndexOf(':');
  return colon < 0 ? address : address.slice(0, colon);
}

function isLoopback(h: string): boolean {
  const bare = h.replace(/%.*$/, '').replace(/^::ffff:/, '');
  return bare.startsWith('127.') || bare === '::1' || bare === 'localhost';
}

function isUnspecified(h: string): boolean {
  return h === '*' || h === '0.0.0.0' || h === '::' || h === '';
}

/**
 * Samples `ss -tunap` while tests run and keeps every TCP/UDP socket, owned by this process
 * or one of its descendants (code-server, its extension host and terminals, Chromium), whose
 * peer is not loopback, or that listens on something other than loopback. A sample can miss a
 * connection that lives for less than the interval; the browser side is also checked request
 * by request (see Workbench).
 */
export class NetworkWatch {
  private readonly found = new Map<string, NetworkViolation>();
  private timer: NodeJS.Timeout | undefined;
  private sampling = false;

  constructor(private readonly root = process.pid) {}

  start(intervalMs = 250): void {
    this.timer = setInterval(() => void this.sample(), intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<NetworkViolation[]> {
    clearInterval(this.timer);
    await this.sample();
    return [...this.found.values()];
  }

  private async sample(): Promise<void> {
    if (this.sampling) {
      return;
    }
    this.sampling = true;
    try {
      const ours = new Set(processTree(this.root));
      const output = await new Promise<string>((resolve) => execFile('ss', ['-tunapH'], (err, stdout) => resolve(err ? '' : stdout)));
      for (const line of output.split('\n')) {
        this.check(line, ours);
      }
    } finally {
      this.sampling = false;
    }
  }

  private check(line: string, ours: Set<number>): void {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 7) {
      return;
    }
    const [, state, , , local, peer] = fields;
    const pids = [...line.matchAll(/pid=(\d+)/g)].map((m) => Number(m[1]));
    if (!pids.some((pid) => ours.has(pid))) {
      return;
    }
    // Chromium's IPv6 reachability probe connects a UDP socket to Google's public DNS and
    // only reads the local address back: a UDP connect sends no datagram.
    if (fields[0] === 'udp' && peer === '[2001:4860:4860::8888]:443') {
      return;
    }
    const peerHost = host(peer);
    const listensWide = (state === 'LISTEN' || state === 'UNCONN') && !isLoopback(host(local));
    const reachesOut = !isUnspecified(peerHost) && !isLoopback(peerHost);
    if (listensWide || reachesOut) {
      const socket = `${fields[0]} ${state} ${local} -> ${peer}`;
      this.found.set(socket, { process: /users:\(\((.*)\)\)/.exec(line)?.[1] ?? '?', socket });
    }
  }
}

export function isLoopbackUrl(url: string): boolean {
  try {
    const { protocol, hostname } = new URL(url);
    if (!/^(https?|wss?):$/.test(protocol)) {
      return true; // data:, blob:, vscode-webview: and the like stay inside the browser
    }
    return isLoopback(hostname.replace(/^\[|\]$/g, ''));
  } catch {
    return true;
  }
}
