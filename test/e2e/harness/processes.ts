import * as fs from 'fs';

/** Parent pid of every process, read from /proc. */
function parentMap(): Map<number, number> {
  const parents = new Map<number, number>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) {
      continue;
    }
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command name may hold spaces and parentheses: fields resume after the last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parents.set(Number(entry), Number(fields[1]));
    } catch {
      // The process exited while we looked.
    }
  }
  return parents;
}

/** The pid and all its descendants (terminal shells included: they keep their parent). */
export function processTree(root: number): number[] {
  const parents = parentMap();
  const tree = [root];
  for (let i = 0; i < tree.length; i++) {
    for (const [pid, parent] of parents) {
      if (parent === tree[i]) {
        tree.push(pid);
      }
    }
  }
  return tree.filter((pid) => pid === root || parents.has(pid));
}

/** The first process of `root`'s tree whose command line contains `needle`. */
export function findInTree(root: number, needle: string): number | undefined {
  return processTree(root).find((pid) => {
    try {
      return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(needle);
    } catch {
      return false;
    }
  });
}

/** Resident memory of a process, in bytes (VmRSS of /proc/<pid>/status). */
export function residentBytes(pid: number): number {
  const m = /^VmRSS:\s+(\d+) kB$/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : 0;
}

/** Whether a process with this pid exists (signal 0 only checks). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function signal(pids: number[], sig: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, sig);
    } catch {
      // Already gone.
    }
  }
}

/**
 * SIGTERM to a process and every descendant, then SIGKILL to whatever is left after graceMs.
 * The tree is read before signalling, so shells that get re-parented on their parent's
 * death are not missed.
 */
export async function killTree(root: number, graceMs = 5000): Promise<void> {
  const pids = processTree(root);
  signal(pids, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (pids.some(alive) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  signal(pids.filter(alive), 'SIGKILL');
}

/** Processes whose environment holds `name=value`: what a process tree started, at any depth. */
export function processesWithEnv(name: string, value: string): number[] {
  const needle = Buffer.from(`\0${name}=${value}\0`);
  const found: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) {
      continue;
    }
    try {
      const environ = Buffer.concat([Buffer.from('\0'), fs.readFileSync(`/proc/${entry}/environ`)]);
      if (environ.includes(needle)) {
        found.push(Number(entry));
      }
    } catch {
      // Gone, or a kernel thread.
    }
  }
  return found;
}

/**
 * SIGKILLs every process marked with `name=value` until none is left. Catches what a tree
 * snapshot misses: a child spawned while its parent was being stopped, re-parented to init.
 */
export function killMarked(name: string, value: string): void {
  for (let round = 0; round < 10; round++) {
    const pids = processesWithEnv(name, value);
    if (pids.length === 0) {
      return;
    }
    signal(pids, 'SIGKILL');
  }
}
