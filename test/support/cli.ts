import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Target, testbed } from './testbed';

/** The synchronous CLI calls block the event loop (and mocha's own timeouts): never for longer than this. */
const CLI_TIMEOUT_MS = 30_000;

/**
 * Independent checks: the daemon's state as its own CLI reports it (`lxc query` / `incus query`),
 * so a test never proves the client only with the client.
 */
export function query<T = unknown>(target: Target, apiPath: string, project?: string): T {
  // `query` refuses --project: the project goes in the URL, as the API expects it.
  const args = ['query', project ? `${apiPath}${apiPath.includes('?') ? '&' : '?'}project=${encodeURIComponent(project)}` : apiPath];
  const run = (): string =>
    execFileSync(target.cli, args, {
      encoding: 'utf8',
      env: cliEnv(target),
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: CLI_TIMEOUT_MS,
    });
  // A read is asked once more after a stall: Incus 6.0.4 left one `GET /1.0` unanswered for 30 s in
  // about one CI run in twenty (after a cancelled image download), then answered the next at once.
  // The check still needs an answer; the stall is printed (see withStallDump).
  const out = withStallDump(target, run, run);
  return JSON.parse(out) as T;
}

/**
 * Runs `call`; when the CLI it runs times out, the daemon's goroutine stacks (Go's pprof, which the
 * test bed serves on loopback for the daemons it owns) are saved beside its log and printed in
 * short, and the error names the file: a daemon that stalls once in many runs can then tell why.
 * `again`, when given, is then run once instead of failing (a read, which changes nothing).
 */
function withStallDump<T>(target: Target, call: () => T, again?: () => T): T {
  try {
    return call();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ETIMEDOUT') {
      throw e;
    }
    const saved = dumpGoroutines(target);
    if (again) {
      console.error(`${target.name} did not answer within ${CLI_TIMEOUT_MS / 1000} s (stacks: ${saved ?? 'none'}); asking again`);
      return withStallDump(target, again);
    }
    if (saved) {
      (e as Error).message += ` (the daemon's goroutine stacks: ${saved})`;
    }
    throw e;
  }
}

/**
 * The test bed's own `dump_goroutines` (scripts/lib/common.sh), for a daemon it owns (one with a
 * debug address): the file it saved, or undefined.
 */
function dumpGoroutines(target: Target): string | undefined {
  const { env, root } = testbed();
  if (!env[`LXDX_${target.name.toUpperCase()}_DEBUG`]) {
    return undefined;
  }
  try {
    const file = execFileSync(
      'bash',
      ['-c', 'source "$1" && dump_goroutines "$2"', 'bash', path.join(root, 'scripts/lib/common.sh'), target.name],
      {
        encoding: 'utf8',
        timeout: 15_000,
      },
    ).trim();
    // CI keeps the output of a failed run, not the test bed's files: the gist goes there too.
    console.error(
      `${target.name} stalled; its goroutines (state, then the first of its own frames):\n${gist(fs.readFileSync(file, 'utf8'))}`,
    );
    return file;
  } catch {
    return undefined;
  }
}

/** The names at the end of the URLs a list endpoint returns (`/1.0/profiles/p1?project=x` → `p1`). */
export function urlNames(urls: string[] | null | undefined): string[] {
  return (urls ?? []).map((u) => u.split('?')[0].split('/').pop()!);
}

/** The names a list endpoint returns (recursion 0), as the CLI sees them. */
export function queryNames(target: Target, apiPath: string, project?: string): string[] {
  return urlNames(query<string[] | null>(target, apiPath, project));
}

/** `query` for a path that may not exist: undefined on 404. */
export function queryMaybe<T = unknown>(target: Target, apiPath: string, project?: string): T | undefined {
  try {
    return query<T>(target, apiPath, project);
  } catch (e) {
    const msg = String((e as { stderr?: string }).stderr ?? e);
    if (/not found/i.test(msg)) {
      return undefined;
    }
    throw e;
  }
}

/** Runs the CLI; a failure throws with the CLI's own error text in the message (stderr is not echoed). */
export function cli(target: Target, args: string[], input?: string | Buffer): string {
  return withStallDump(target, () =>
    execFileSync(target.cli, args, {
      encoding: 'utf8',
      env: cliEnv(target),
      input,
      maxBuffer: 512 * 1024 * 1024,
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: CLI_TIMEOUT_MS,
    }),
  );
}

/** Points the CLI at the target's socket, whatever else is installed. */
export function cliEnv(target: Target): NodeJS.ProcessEnv {
  const env = { ...process.env };
  if (target.name === 'lxd') {
    env.LXD_SOCKET = target.socket;
  } else {
    env.INCUS_SOCKET = target.socket;
  }
  return env;
}

/** One line per goroutine of a `debug=2` dump: its state, and the first frame of the daemon's own code. */
function gist(stacks: string): string {
  return stacks
    .split('\n\n')
    .map((g) => {
      const lines = g.split('\n');
      const state = /\[(.*)\]/.exec(lines[0])?.[1] ?? lines[0];
      const own = lines.find((l) => /^(github\.com\/(lxc\/incus|canonical\/lxd)|main\.)/.test(l));
      return `  ${state}: ${own?.replace(/\((0x|\{|\.\.\.|\)).*$/, '') ?? lines[1]}`;
    })
    .join('\n');
}
