import type { Client } from './client';
import type { ProjectOptions } from './api/base';

/** One listening TCP socket inside an instance, as `/proc/net/tcp` and `/proc/net/tcp6` list it. */
export interface Listener {
  family: 'ipv4' | 'ipv6';
  /** `127.0.0.1`, `0.0.0.0`, `::`, `::1`, `::ffff:127.0.0.1`, … */
  address: string;
  port: number;
  /** The socket's inode: how the processes that hold it are found. */
  inode: string;
}

/** A port something listens on, over all its sockets (IPv4 and IPv6, several addresses). */
export interface ListeningPort {
  port: number;
  addresses: string[];
  /** The command lines (cut at 60 characters) of the processes holding the sockets, where they could be read. */
  processes: string[];
  /** Every socket listens on a loopback address: only reachable from inside the instance (or a proxy device). */
  loopbackOnly: boolean;
}

/** The state column of a listening socket (`TCP_LISTEN`). */
const LISTEN = '0A';

/**
 * The listening sockets in the text of `/proc/net/tcp` or `/proc/net/tcp6` (both may be
 * concatenated: header lines are skipped). Addresses are hex, in the kernel's byte order: each
 * 32-bit word little-endian; the port is big-endian. The format is the kernel's, so it reads the
 * same under busybox, glibc or musl.
 */
export function parseProcNetTcp(text: string): Listener[] {
  const out: Listener[] = [];
  for (const line of text.split('\n')) {
    const cols = line.trim().split(/\s+/);
    // sl local rem st tx:rx tr:when retrnsmt uid timeout inode …
    if (cols.length < 10 || !/^\d+:$/.test(cols[0]) || cols[3] !== LISTEN) {
      continue;
    }
    const [hexAddr, hexPort] = cols[1].split(':');
    const address = hexAddr?.length === 8 ? ipv4FromHex(hexAddr) : hexAddr?.length === 32 ? ipv6FromHex(hexAddr) : undefined;
    const port = parseInt(hexPort ?? '', 16);
    if (address === undefined || !(port > 0)) {
      continue;
    }
    out.push({ family: hexAddr.length === 8 ? 'ipv4' : 'ipv6', address, port, inode: cols[9] });
  }
  return out;
}

function ipv4FromHex(hex: string): string | undefined {
  if (!/^[0-9A-Fa-f]{8}$/.test(hex)) {
    return undefined;
  }
  return Array.from(wordBytes(hex)).join('.');
}

/** The four bytes of a little-endian 32-bit word written as 8 hex digits, in address order. */
function wordBytes(hex: string): number[] {
  const n = parseInt(hex, 16);
  return [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff];
}

function ipv6FromHex(hex: string): string | undefined {
  if (!/^[0-9A-Fa-f]{32}$/.test(hex)) {
    return undefined;
  }
  const bytes = [0, 8, 16, 24].flatMap((i) => wordBytes(hex.slice(i, i + 8)));
  if (bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff) {
    return `::ffff:${bytes.slice(12).join('.')}`;
  }
  const groups = [];
  for (let i = 0; i < 16; i += 2) {
    groups.push(((bytes[i] << 8) | bytes[i + 1]).toString(16));
  }
  return compressIpv6(groups);
}

/** RFC 5952: the longest run of two or more zero groups becomes `::`. */
function compressIpv6(groups: string[]): string {
  let best = { at: -1, len: 0 };
  for (let i = 0; i < groups.length;) {
    let j = i;
    while (j < groups.length && groups[j] === '0') {
      j++;
    }
    if (j - i > best.len) {
      best = { at: i, len: j - i };
    }
    i = j > i ? j : i + 1;
  }
  if (best.len < 2) {
    return groups.join(':');
  }
  return `${groups.slice(0, best.at).join(':')}::${groups.slice(best.at + best.len).join(':')}`;
}

export function isLoopback(address: string): boolean {
  return /^127\./.test(address) || address === '::1' || /^::ffff:127\./.test(address);
}

/** A wildcard address: the socket accepts connections on every address of the instance. */
export function isWildcard(address: string): boolean {
  return address === '0.0.0.0' || address === '::';
}

/**
 * The socket inodes each process holds, from `ls -l /proc/<pid>/fd` listings: a `#pid <pid>
 * <command line>` line, then the listing's lines (`… 3 -> socket:[5081678]`, as busybox and GNU ls both
 * write them).
 */
export function parseSocketOwners(text: string): Map<string, string> {
  const owners = new Map<string, string>();
  let comm = '';
  for (const line of text.split('\n')) {
    const pid = /^#pid \d+ ?(.*)$/.exec(line);
    if (pid) {
      comm = pid[1].trim();
      continue;
    }
    const socket = /-> socket:\[(\d+)\]/.exec(line);
    if (socket && comm && !owners.has(socket[1])) {
      owners.set(socket[1], comm);
    }
  }
  return owners;
}

/** Listeners grouped by port, in port order, with the processes behind them. */
export function listeningPorts(listeners: Listener[], owners: Map<string, string> = new Map()): ListeningPort[] {
  const byPort = new Map<number, ListeningPort>();
  for (const l of listeners) {
    const p = byPort.get(l.port) ?? { port: l.port, addresses: [], processes: [], loopbackOnly: true };
    if (!p.addresses.includes(l.address)) {
      p.addresses.push(l.address);
    }
    const comm = owners.get(l.inode);
    if (comm && !p.processes.includes(comm)) {
      p.processes.push(comm);
    }
    p.loopbackOnly &&= isLoopback(l.address);
    byPort.set(l.port, p);
  }
  return [...byPort.values()].sort((a, b) => a.port - b.port);
}

/**
 * One `sh` run that prints both socket tables, then each process's command line and open sockets,
 * in sections `parseListenerScriptOutput` reads. Only POSIX sh, cat, tr, cut, ls and grep: busybox
 * has them.
 */
export const LISTENERS_SCRIPT = [
  'echo "#tcp"; cat /proc/net/tcp /proc/net/tcp6 2>/dev/null',
  'echo "#owners"',
  'for d in /proc/[0-9]*; do',
  '  c=$(tr "\\0\\n" "  " < "$d/cmdline" 2>/dev/null | cut -c1-60); [ -n "$c" ] || c=$(cat "$d/comm" 2>/dev/null)',
  '  echo "#pid ${d#/proc/} $c"; ls -l "$d/fd" 2>/dev/null | grep "socket:"',
  'done',
  'exit 0',
].join('\n');

export function parseListenerScriptOutput(text: string): ListeningPort[] {
  const at = text.indexOf('#owners\n');
  const tables = at < 0 ? text : text.slice(0, at);
  const owners = at < 0 ? new Map<string, string>() : parseSocketOwners(text.slice(at + '#owners\n'.length));
  return listeningPorts(parseProcNetTcp(tables), owners);
}

/**
 * The TCP ports listening inside a running instance, read through exec. Without a shell in the
 * instance, the socket tables alone (`cat`), without the processes' names.
 */
export async function readListeningPorts(client: Client, name: string, opts?: ProjectOptions): Promise<ListeningPort[]> {
  const scripted = await client.exec.run(name, { ...opts, command: ['sh', '-c', LISTENERS_SCRIPT] });
  if (scripted.exitCode === 0) {
    return parseListenerScriptOutput(scripted.stdout.toString('utf8'));
  }
  const tables = await client.exec.run(name, { ...opts, command: ['cat', '/proc/net/tcp', '/proc/net/tcp6'] });
  if (tables.exitCode !== 0 && !tables.stdout.length) {
    throw new Error(
      `Cannot read the listening ports of ${name}: ${scripted.error ?? (scripted.stderr.toString('utf8').trim() || `exit code ${scripted.exitCode}`)}`,
    );
  }
  return listeningPorts(parseProcNetTcp(tables.stdout.toString('utf8')));
}
