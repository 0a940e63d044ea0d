import { execFileSync } from 'node:child_process';
import { Target } from './testbed';

/** The synchronous CLI calls block the event loop (and mocha's own timeouts): never for longer than this. */
const CLI_TIMEOUT_MS = 30_000;

/**
 * Independent checks: the daemon's state as its own CLI reports it (`lxc query` / `incus query`),
 * so a test never proves the client only with the client.
 */
export function query<T = unknown>(target: Target, apiPath: string, project?: string): T {
  // `query` refuses --project: the project goes in the URL, as the API expects it.
  const args = ['query', project ? `${apiPath}${apiPath.includes('?') ? '&' : '?'}project=${encodeURIComponent(project)}` : apiPath];
  const out = execFileSync(target.cli, args, {
    encoding: 'utf8',
    env: cliEnv(target),
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: CLI_TIMEOUT_MS,
  });
  return JSON.parse(out) as T;
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
  return execFileSync(target.cli, args, {
    encoding: 'utf8',
    env: cliEnv(target),
    input,
    maxBuffer: 512 * 1024 * 1024,
    stdio: ['pipe', 'pipe', 'pipe'],
    timeout: CLI_TIMEOUT_MS,
  });
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
