import * as fs from 'node:fs';
import type { ServerKind } from './api/server';

/** A place where a local daemon's unix socket may be, and what we found there. */
export interface SocketCandidate {
  kind: ServerKind;
  path: string;
  /** Why this path: an environment variable, or the snap / deb / Incus default. */
  source: string;
  exists: boolean;
  /** Whether this process may read and write the socket. */
  accessible: boolean;
  /** The group owning the socket (users get access by joining it), when it can be read. */
  group?: string;
}

type Env = Record<string, string | undefined>;

/**
 * Where the CLIs look, in their order (LXD-PROTOCOL §3.10): LXD_SOCKET > LXD_DIR > snap > deb, and
 * INCUS_SOCKET > INCUS_DIR > /run/incus > /var/lib/incus. The per-user daemons (`lxd-user`,
 * `incus-user`) come last: they give restricted access when the main socket is not allowed.
 */
export function socketCandidates(env: Env = process.env): { kind: ServerKind; path: string; source: string }[] {
  const out: { kind: ServerKind; path: string; source: string }[] = [];
  if (env.LXD_SOCKET) {
    out.push({ kind: 'lxd', path: env.LXD_SOCKET, source: 'LXD_SOCKET' });
  }
  if (env.LXD_DIR) {
    out.push({ kind: 'lxd', path: `${env.LXD_DIR}/unix.socket`, source: 'LXD_DIR' });
  }
  out.push({ kind: 'lxd', path: '/var/snap/lxd/common/lxd/unix.socket', source: 'snap LXD' });
  out.push({ kind: 'lxd', path: '/var/lib/lxd/unix.socket', source: 'LXD package' });
  out.push({ kind: 'lxd', path: '/var/snap/lxd/common/lxd-user/unix.socket', source: 'lxd-user' });
  if (env.INCUS_SOCKET) {
    out.push({ kind: 'incus', path: env.INCUS_SOCKET, source: 'INCUS_SOCKET' });
  }
  if (env.INCUS_DIR) {
    out.push({ kind: 'incus', path: `${env.INCUS_DIR}/unix.socket`, source: 'INCUS_DIR' });
  }
  out.push({ kind: 'incus', path: '/run/incus/unix.socket', source: 'Incus' });
  out.push({ kind: 'incus', path: '/var/lib/incus/unix.socket', source: 'Incus' });
  out.push({ kind: 'incus', path: '/var/lib/incus/unix.socket.user', source: 'incus-user' });
  return dedupe(out);
}

/** Inspects every candidate path on this machine. */
export function inspectSockets(env: Env = process.env): SocketCandidate[] {
  return socketCandidates(env).map((c) => ({ ...c, ...inspectSocket(c.path) }));
}

/**
 * The sockets to connect to: per kind, the first candidate that exists and that we may use
 * (a per-user socket only when the main one is not usable).
 */
export function detectSockets(env: Env = process.env): SocketCandidate[] {
  const found: SocketCandidate[] = [];
  const candidates = inspectSockets(env);
  for (const kind of ['lxd', 'incus'] as const) {
    const usable = candidates.find((c) => c.kind === kind && c.exists && c.accessible);
    if (usable) {
      found.push(usable);
    }
  }
  return found;
}

export function inspectSocket(path: string): { exists: boolean; accessible: boolean; group?: string } {
  let st: fs.Stats;
  try {
    st = fs.statSync(path);
  } catch {
    return { exists: false, accessible: false };
  }
  let accessible = true;
  try {
    fs.accessSync(path, fs.constants.R_OK | fs.constants.W_OK);
  } catch {
    accessible = false;
  }
  return { exists: true, accessible, group: groupName(st.gid) };
}

/** Reads /etc/group: the name users know (`lxd`, `incus-admin`), not the number. */
export function groupName(gid: number): string | undefined {
  try {
    for (const line of fs.readFileSync('/etc/group', 'utf8').split('\n')) {
      const [name, , id] = line.split(':');
      if (id !== undefined && Number(id) === gid) {
        return name;
      }
    }
  } catch {
    // No /etc/group (not Linux): fall through.
  }
  return undefined;
}

function dedupe<T extends { path: string }>(list: T[]): T[] {
  const seen = new Set<string>();
  return list.filter((c) => (seen.has(c.path) ? false : (seen.add(c.path), true)));
}
