import * as fs from 'node:fs';
import * as path from 'node:path';
import { processTree } from '../../test/e2e/harness/processes';
import { waitFor } from '../../test/e2e/harness/wait';

/** The extension host of a code-server: the process VS Code forks with `--type=extensionHost`. */
export function extensionHostPids(serverPid: number): number[] {
  return processTree(serverPid).filter((pid) => {
    try {
      return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes('--type=extensionHost');
    } catch {
      return false;
    }
  });
}

/** Waits for the extension host of a code-server, one other than `not` (the one a reload ended). */
export function extensionHost(serverPid: number, not?: number, timeout = 60_000): Promise<number> {
  return waitFor(() => extensionHostPids(serverPid).find((pid) => pid !== not), { timeout, message: 'the extension host process' });
}

/** Resident memory of a process, in MB (VmRSS). */
export function rssMb(pid: number): number {
  const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb) / 1024;
}

/** CPU time (user + system) a process has used, in ms (the kernel counts in 10 ms ticks). */
export function cpuMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of stat(5); fields here start at field 3.
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Who uses the machine's CPU while a user waits in the editor. */
export interface CpuRoles {
  /** The LXD and Incus daemons (the test bed's or a snap's), by process name. */
  daemons: number;
  /** Chromium: its browser, renderer and GPU processes. */
  browser: number;
  /** code-server's own processes (its server, pty host, file watcher; also extension hosts). */
  editor: number;
}

/** The processes of each role, read once (a new window starts new ones: read again per click). */
export function rolePids(): Record<keyof CpuRoles, number[]> {
  const roles: Record<keyof CpuRoles, number[]> = { daemons: [], browser: [], editor: [] };
  for (const d of fs.readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    try {
      const comm = fs.readFileSync(`/proc/${d}/comm`, 'utf8').trim();
      if (comm === 'lxd' || comm === 'incusd') {
        roles.daemons.push(Number(d));
      } else if (comm.startsWith('chrom')) {
        roles.browser.push(Number(d));
      } else if (fs.readFileSync(`/proc/${d}/cmdline`, 'utf8').includes('code-server')) {
        roles.editor.push(Number(d));
      }
    } catch {
      // Gone meanwhile.
    }
  }
  return roles;
}

/** CPU ms each role has used so far (processes that ended meanwhile count as 0). */
export function cpuByRole(pids: Record<keyof CpuRoles, number[]>): CpuRoles {
  const sum = (list: number[]): number =>
    list.reduce((total, pid) => {
      try {
        return total + cpuMs(pid);
      } catch {
        return total;
      }
    }, 0);
  return { daemons: sum(pids.daemons), browser: sum(pids.browser), editor: sum(pids.editor) };
}

/** CPU time the whole machine spent busy (not idle or waiting on I/O), in ms summed over its cores. */
export function machineBusyMs(): number {
  const cpu = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal: busy = all but idle and iowait; in 10 ms ticks.
  const total = cpu.slice(0, 8).reduce((a, b) => a + b, 0);
  return (total - cpu[3] - cpu[4]) * 10;
}

/** CPU ms a process uses over the next `ms` milliseconds. */
export async function cpuOver(pid: number, ms: number): Promise<number> {
  const before = cpuMs(pid);
  await new Promise((resolve) => setTimeout(resolve, ms));
  return cpuMs(pid) - before;
}

/**
 * Waits until a process spends at most `budgetMs` of CPU in a `windowMs` window (an extension
 * host that finished starting, loading or refreshing); returns how long that took.
 */
export async function quiet(pid: number, { windowMs = 500, budgetMs = 20, timeout = 30_000 } = {}): Promise<number> {
  const start = Date.now();
  while ((await cpuOver(pid, windowMs)) > budgetMs) {
    if (Date.now() - start > timeout) {
      throw new Error(`the extension host (pid ${pid}) was still busy after ${timeout} ms`);
    }
  }
  return Date.now() - start;
}

/** Every `<user data>/logs/<session>/exthostN/` directory of a code-server. */
function exthostDirs(userDataDir: string): string[] {
  const logs = path.join(userDataDir, 'logs');
  return (fs.existsSync(logs) ? fs.readdirSync(logs) : []).flatMap((session) =>
    fs
      .readdirSync(path.join(logs, session))
      .filter((entry) => /^exthost\d+$/.test(entry))
      .map((entry) => path.join(logs, session, entry)),
  );
}

/** `2026-12-06 20:23:21.516 [info] …` (local time) → epoch ms. */
function lineTime(line: string): number | undefined {
  const m = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)\.(\d{3}) /.exec(line);
  return m ? new Date(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6], +m[7]).getTime() : undefined;
}

/** A time of day written in a line ([h, m, s, ms], local) on the day of the line's stamp, never after the stamp. */
function writtenTime(stamp: number, [h, m, s, ms]: number[]): number {
  const at = new Date(stamp);
  at.setHours(h, m, s, ms);
  return at.getTime() > stamp ? at.getTime() - 86_400_000 : at.getTime();
}

function allLines(file: string): string[] {
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n') : [];
}

function firstLine(file: string, pattern: RegExp): { at: number; match: RegExpExecArray } | undefined {
  for (const line of allLines(file)) {
    const match = pattern.exec(line);
    const at = match && lineTime(line);
    if (match && at) {
      return { at, match };
    }
  }
  return undefined;
}

/** The log directory of the extension host with this pid, once it has written its first line. */
export function exthostLogDir(userDataDir: string, pid: number, timeout = 30_000): Promise<string> {
  const started = new RegExp(`Extension host with pid ${pid} started`);
  return waitFor(() => exthostDirs(userDataDir).find((dir) => firstLine(path.join(dir, 'remoteexthost.log'), started)), {
    timeout,
    message: `the log of extension host ${pid}`,
  });
}

/** What an extension host's logs say about its start and this extension's activation (epoch ms). */
export interface ActivationLog {
  /** "Extension host with pid N started". */
  hostStarted?: number;
  /** VS Code begins activating the extension ("ExtensionService#_doActivateExtension lxd-explorer…"). */
  activating?: number;
  /** The activation event, e.g. `onView:lxd.views.instances`. */
  event?: string;
  /**
   * The extension's "LXD Explorer ready" line: activate() is about to return. The time written in
   * the line, not the line's stamp: VS Code stamps the lines of a log channel whose file is not open
   * yet (at a window's start, for hundreds of ms) with the time it opened.
   */
  ready?: number;
  /** From the ready line (the extension's own clock, ms): the bundle's modules run, first to last. */
  bundleEvaluated?: number;
  /** From the ready line: the bundle evaluated → VS Code calls activate() (its context made ready). */
  activateCalledAfter?: number;
  /** From the ready line: activate() itself, up to the line. */
  activateRan?: number;
  /**
   * Other extensions VS Code began activating within 50 ms of this one. VS Code starts an
   * extension's activation clock, awaits, then loads its code, so extensions activated together
   * count each other's code loading in its activation figure.
   */
  activatedWith?: string[];
}

export function activationLog(dir: string, extensionId = 'lxd-explorer.lxd-explorer'): ActivationLog {
  const host = path.join(dir, 'remoteexthost.log');
  const activation = firstLine(host, new RegExp(`_doActivateExtension ${extensionId.replace('.', '\\.')}, .*activationEvent: '([^']+)'`));
  const ready = firstLine(
    path.join(dir, extensionId, 'LXD.log'),
    /LXD Explorer ready at (\d\d):(\d\d):(\d\d)\.(\d{3}):.*bundle evaluated in (\d+) ms, activate\(\) called (\d+) ms later and ran (\d+) ms/,
  );
  const activatedWith = activation
    ? allLines(host)
        .map((line) => ({ at: lineTime(line), id: /_doActivateExtension ([^,\s]+),/.exec(line)?.[1] }))
        .filter((l) => l.id && l.id !== extensionId && l.at !== undefined && Math.abs(l.at - activation.at) <= 50)
        .map((l) => l.id!)
    : undefined;
  return {
    hostStarted: firstLine(host, /Extension host with pid \d+ started/)?.at,
    activating: activation?.at,
    event: activation?.match[1],
    ready: ready && writtenTime(ready.at, ready.match.slice(1, 5).map(Number)),
    bundleEvaluated: ready && Number(ready.match[5]),
    activateCalledAfter: ready && Number(ready.match[6]),
    activateRan: ready && Number(ready.match[7]),
    activatedWith,
  };
}

/** The times of the extension's own log lines matching `pattern`, oldest first. */
export function extensionLogged(dir: string, pattern: RegExp, extensionId = 'lxd-explorer.lxd-explorer'): number[] {
  const file = path.join(dir, extensionId, 'LXD.log');
  return fs.existsSync(file)
    ? fs
        .readFileSync(file, 'utf8')
        .split('\n')
        .filter((line) => pattern.test(line))
        .map((line) => lineTime(line))
        .filter((at): at is number => at !== undefined)
    : [];
}

/** Waits until an extension host's log has a line matching `pattern` (e.g. "Eager extensions activated"); returns its time. */
export function exthostLogged(dir: string, pattern: RegExp, timeout = 60_000): Promise<number> {
  return waitFor(() => firstLine(path.join(dir, 'remoteexthost.log'), pattern)?.at, {
    timeout,
    message: `the extension host log to say ${pattern}`,
  });
}
