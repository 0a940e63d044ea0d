import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';

/** What a process holds open, from `/proc/<pid>/fd`. */
export interface OpenFds {
  /** Every descriptor. */
  total: number;
  /** Sockets of any kind (TCP, unix, netlink). */
  sockets: number;
}

/** Counts the open descriptors of a process (this one by default) from `/proc/<pid>/fd`. */
export function openFds(pid: number = process.pid): OpenFds {
  let total = 0;
  let sockets = 0;
  const dir = `/proc/${pid}/fd`;
  for (const fd of fs.readdirSync(dir)) {
    let target: string;
    try {
      target = fs.readlinkSync(`${dir}/${fd}`);
    } catch {
      continue; // closed while we looked
    }
    total++;
    if (target.startsWith('socket:')) {
      sockets++;
    }
  }
  return { total, sockets };
}

/** One socket as `ss` lists it for a process. */
export interface ListedSocket {
  kind: 'tcp' | 'unix';
  state: string;
  local: string;
  peer: string;
}

/**
 * The TCP and unix sockets of a process as `ss -tanp` / `ss -xanp` list them (kernel view, with
 * states: a socket in CLOSE-WAIT or FIN-WAIT is still there). For a failure message: which
 * sockets did not come back to the baseline.
 */
export function listSockets(pid: number = process.pid): ListedSocket[] {
  const out: ListedSocket[] = [];
  for (const kind of ['tcp', 'unix'] as const) {
    const text = execFileSync('ss', [kind === 'tcp' ? '-tanpH' : '-xanpH'], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
    for (const line of text.split('\n')) {
      if (!line.includes(`pid=${pid},`)) {
        continue;
      }
      const f = line.trim().split(/\s+/);
      // tcp:  State Recv-Q Send-Q Local Peer Process
      // unix: Netid State Recv-Q Send-Q Local Port Peer Port Process
      out.push(
        kind === 'tcp'
          ? { kind, state: f[0], local: f[3], peer: f[4] }
          : { kind, state: f[1], local: `${f[4]}:${f[5]}`, peer: `${f[6]}:${f[7]}` },
      );
    }
  }
  return out;
}

/**
 * Waits until this process holds no more sockets than `baseline` (taken with `openFds()` before
 * the test opened any); fails with the `ss` listing of what is still open.
 */
export async function socketsBackTo(baseline: OpenFds, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const now = openFds();
    if (now.sockets <= baseline.sockets) {
      return;
    }
    if (Date.now() > deadline) {
      const listed = listSockets().map((s) => `${s.kind} ${s.state} ${s.local} -> ${s.peer}`);
      throw new Error(`${now.sockets} sockets open, ${baseline.sockets} at the baseline, after ${timeoutMs} ms:\n${listed.join('\n')}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}
