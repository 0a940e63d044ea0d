import { randomBytes } from 'node:crypto';
import { Readable, Transform } from 'node:stream';
import { ApiError, CancelledError, Client, FileStat, ProjectOptions, SftpSession, TimeoutError } from '../client';
import { pathInfo } from './remote';
import { basename, dirname, joinPath } from './uri';

/**
 * Atomic writes: a user's bytes go to a temporary sibling first (same directory, so the same
 * mount), created with the target's owner, group and mode (LXD and Incus apply those only when a
 * file is created), and only once the server has all of them and the temporary has the right size
 * does one rename(2) over SFTP put it in place. A connection cut midway, a stall, a cancel or a
 * daemon killed during the write leave the old file byte-identical; the temporary is removed, and
 * when even that fails (the daemon is gone) the caller is told its path to remove it later.
 */

/** Runs `fn` on the instance's SFTP session (the `lxd:` file system's pool, for one instance). */
export type OnSftp = <T>(fn: (s: SftpSession) => Promise<T>) => Promise<T>;

/** `.<name>.lxdx-<12 hex>.tmp`: hidden, recognisable as ours, never colliding with a user's name. */
const TEMP_NAME = /^\..*\.lxdx-[0-9a-f]{12}\.tmp$/;

/** How long a write may go without progress (no byte taken by the connection, no answer) before it is given up. */
export const WRITE_IDLE_TIMEOUT_MS = 30_000;

/** How long removing a temporary after a failure may take (the daemon may be gone). */
const CLEANUP_TIMEOUT_MS = 5_000;

export function tempSibling(path: string): string {
  return joinPath(dirname(path), `.${basename(path)}.lxdx-${randomBytes(6).toString('hex')}.tmp`);
}

export function isTempName(name: string): boolean {
  return TEMP_NAME.test(name);
}

export interface AtomicWriteOptions extends ProjectOptions {
  /** The file being replaced: its owner, group and mode are kept. */
  existing?: Pick<FileStat, 'uid' | 'gid' | 'mode'>;
  /** Mode of a new file (default 0644); it gets the owner of its directory. */
  mode?: number;
  /** Give up when the write makes no progress for this long (WRITE_IDLE_TIMEOUT_MS). */
  idleTimeoutMs?: number;
  /** Told the path of a temporary that could not be removed after a failure. */
  onLeftover?: (path: string) => void;
}

/** Writes `data` to `path` through a temporary sibling and a rename: all of it or none of it. */
export async function writeAtomic(
  client: Client,
  onSftp: OnSftp,
  instance: string,
  path: string,
  data: Uint8Array | Readable,
  opts: AtomicWriteOptions = {},
): Promise<void> {
  const { existing, mode, idleTimeoutMs, onLeftover, ...call } = opts;
  const owner = existing ?? (await ownerForNew(client, instance, path, mode ?? 0o644, call));
  const temp = tempSibling(path);
  const watch = progressWatch(call.signal, idleTimeoutMs ?? WRITE_IDLE_TIMEOUT_MS, `Writing ${path}`);
  try {
    const body = watch.body(data);
    await client.files.write(instance, temp, body, { ...call, signal: watch.signal, uid: owner.uid, gid: owner.gid, mode: owner.mode });
    watch.touch();
    await onSftp(async (s) => {
      const written = await s.lstat(temp, { signal: watch.signal });
      if (written.size !== watch.bytes) {
        throw new ApiError({
          status: 500,
          lxdMessage: `${path}: the server stored ${written.size} of ${watch.bytes} bytes; the file was left as it was`,
        });
      }
      await s.rename(temp, path, { signal: watch.signal });
    });
  } catch (e) {
    const err = watch.explain(e);
    // A source stream left half read would hold what feeds it: a file descriptor, or (a copy
    // inside the instance) a response body whose connection is then never given back.
    if (data instanceof Readable) {
      data.destroy();
    }
    await removeTemp(client, instance, temp, call, onLeftover);
    throw err;
  } finally {
    watch.dispose();
  }
}

/**
 * Puts a symlink at `path` (pointing at `target`, as written) through a temporary sibling and a
 * rename, so whatever is at `path` is replaced in one step or left as it was.
 */
export async function linkAtomic(
  client: Client,
  onSftp: OnSftp,
  instance: string,
  path: string,
  target: string,
  opts: ProjectOptions & { uid: number; gid: number; onLeftover?: (path: string) => void },
): Promise<void> {
  const { uid, gid, onLeftover, ...call } = opts;
  const temp = tempSibling(path);
  try {
    await client.files.symlink(instance, temp, target, { ...call, uid, gid });
    await onSftp((s) => s.rename(temp, path, { signal: call.signal }));
  } catch (e) {
    await removeTemp(client, instance, temp, call, onLeftover);
    throw e;
  }
}

/**
 * What a save does: a symlink is written through (its target is replaced, the link stays a link),
 * anything else replaced in place of its name, keeping owner, group and mode.
 */
export async function saveFile(
  client: Client,
  onSftp: OnSftp,
  instance: string,
  path: string,
  data: Uint8Array,
  opts: AtomicWriteOptions & { existing?: FileStat } = {},
): Promise<void> {
  const { existing, ...rest } = opts;
  if (existing?.type === 'symlink') {
    const info = await pathInfo(client, instance, path, rest);
    await writeAtomic(client, onSftp, instance, info.target?.path ?? path, data, { ...rest, existing: info.target?.stat });
    return;
  }
  await writeAtomic(client, onSftp, instance, path, data, { ...rest, existing });
}

async function ownerForNew(
  client: Client,
  instance: string,
  path: string,
  mode: number,
  opts: ProjectOptions,
): Promise<Pick<FileStat, 'uid' | 'gid' | 'mode'>> {
  const parent = await client.files.stat(instance, dirname(path), opts).catch(() => undefined);
  return { uid: parent?.uid ?? 0, gid: parent?.gid ?? 0, mode };
}

/**
 * Removes a temporary after a failure. A 404 may only mean the server has not created it yet (a
 * cut request is still being handled there: seen on Incus), so it is reported as a leftover too;
 * the next sweep finds it, or finds nothing.
 */
async function removeTemp(
  client: Client,
  instance: string,
  temp: string,
  opts: ProjectOptions,
  onLeftover?: (path: string) => void,
): Promise<void> {
  try {
    await client.files.delete(instance, temp, { project: opts.project, timeoutMs: CLEANUP_TIMEOUT_MS });
  } catch {
    onLeftover?.(temp);
  }
}

/**
 * Watches a write for progress: the body is passed through a counter that pushes a deadline back
 * on every chunk the connection takes, and the same deadline covers the wait for the answer. A
 * stalled connection is thus given up after `idleMs` however large the file, and a slow but moving
 * one is not.
 */
function progressWatch(outer: AbortSignal | undefined, idleMs: number, what: string) {
  const ctl = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let idle = false;
  let bytes = 0;
  const touch = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      idle = true;
      ctl.abort(new Error('idle'));
    }, idleMs);
  };
  const onAbort = (): void => ctl.abort(outer?.reason);
  if (outer?.aborted) {
    ctl.abort(outer.reason);
  }
  outer?.addEventListener('abort', onAbort, { once: true });
  touch();
  return {
    signal: ctl.signal,
    get bytes(): number {
      return bytes;
    },
    touch,
    body(data: Uint8Array | Readable): Readable {
      const source = data instanceof Uint8Array ? Readable.from(slices(data), { objectMode: false }) : data;
      const counter = new Transform({
        transform(chunk: Buffer, _enc, done) {
          bytes += chunk.length;
          touch();
          done(null, chunk);
        },
      });
      source.once('error', (e) => counter.destroy(e));
      return source.pipe(counter);
    },
    /** The error a user should see: a stall is a timeout, the caller's abort a cancel. */
    explain(e: unknown): unknown {
      if (idle) {
        return new TimeoutError(`${what} (no progress)`, idleMs);
      }
      if (outer?.aborted && !(e instanceof CancelledError)) {
        return new CancelledError(what);
      }
      return e;
    },
    dispose(): void {
      clearTimeout(timer);
      outer?.removeEventListener('abort', onAbort);
    },
  };
}

/** A buffer in 1 MiB views (no copy), so progress is seen while it is sent. */
function* slices(data: Uint8Array): Generator<Buffer> {
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  for (let at = 0; at < buf.length; at += 1024 * 1024) {
    yield buf.subarray(at, Math.min(buf.length, at + 1024 * 1024));
  }
}

/**
 * Temporaries that could not be removed after a failed write (the connection or the daemon was
 * gone), per instance: the next successful write into that instance removes them. Ones left by an
 * earlier session are hidden from listings and removed there once they are old (see the provider).
 */
export class Leftovers {
  private readonly byInstance = new Map<string, Set<string>>();

  add(key: string, path: string): void {
    const set = this.byInstance.get(key) ?? new Set<string>();
    set.add(path);
    this.byInstance.set(key, set);
  }

  list(key: string): string[] {
    return [...(this.byInstance.get(key) ?? [])];
  }

  /** Removes this instance's leftovers; those that still cannot be removed stay listed. */
  async sweep(key: string, client: Client, instance: string, opts: ProjectOptions = {}): Promise<void> {
    const set = this.byInstance.get(key);
    for (const path of set ?? []) {
      try {
        await client.files.delete(instance, path, { project: opts.project, timeoutMs: CLEANUP_TIMEOUT_MS });
        set!.delete(path);
      } catch (e) {
        if (e instanceof ApiError && e.status === 404) {
          set!.delete(path);
        }
      }
    }
    if (set?.size === 0) {
      this.byInstance.delete(key);
    }
  }
}
