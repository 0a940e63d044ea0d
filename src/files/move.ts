import { createHash } from 'node:crypto';
import { Readable, Transform } from 'node:stream';
import { ApiError, Client, FileStat, ProjectOptions, SftpError } from '../client';
import { OnSftp, tempSibling, writeAtomic } from './atomic';
import { removePath, walkTree } from './remote';

/**
 * Moves inside one instance that never lose data: a target that must go is first renamed aside
 * (a hidden sibling), the source renamed into place, and only then the set-aside target removed;
 * if the move fails, the target is renamed back. Across mounts (rename(2) says EXDEV, e.g. `/dev`
 * tmpfs → `/root`) the source is copied, each file's size and sha256 checked, and only then
 * deleted: at every moment the data exists at the source, the target, or both.
 */

export interface MoveOptions extends ProjectOptions {
  /** What is at `to` now, when something is (the caller checked it may be replaced). */
  target?: FileStat;
  source: FileStat;
  onLeftover?: (path: string) => void;
}

export async function movePath(
  client: Client,
  onSftp: OnSftp,
  instance: string,
  from: string,
  to: string,
  opts: MoveOptions,
): Promise<void> {
  const { target, source, onLeftover, ...call } = opts;
  // rename(2) replaces a file atomically, but not a directory (unless empty) nor one kind with another.
  const aside = target && (target.type === 'directory' || source.type === 'directory') ? asideOf(to) : undefined;
  if (aside) {
    await onSftp((s) => s.rename(to, aside, { signal: call.signal }));
  }
  try {
    try {
      await onSftp((s) => s.rename(from, to, { signal: call.signal }));
    } catch (e) {
      if (!isCrossDevice(e)) {
        throw e;
      }
      await copyAcross(client, onSftp, instance, from, to, { ...call, source, onLeftover });
    }
  } catch (e) {
    if (aside) {
      const restored = await onSftp((s) => s.rename(aside, to)).then(
        () => true,
        () => false,
      );
      if (!restored) {
        // Never removed by a sweep: it is the user's data. Its name shows in listings.
        throw new ApiError({ status: 500, lxdMessage: `${describe(e)}; the previous ${to} is kept as ${aside}` });
      }
    }
    throw e;
  }
  if (aside) {
    await removePath(client, instance, aside, { ...call, recursive: true, type: target!.type }).catch(() => onLeftover?.(aside));
  }
}

/** `.<name>.lxdx-<hex>.old`: where a replaced target waits until the move is done. Not a temporary: listings show it. */
function asideOf(path: string): string {
  return tempSibling(path).replace(/\.tmp$/, '.old');
}

function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export function isCrossDevice(e: unknown): boolean {
  return e instanceof SftpError && /cross-device/i.test(e.message);
}

/**
 * Copies a file, a symlink or a tree to `to` (which is free), checks every file's size and
 * sha256, then deletes the source. A failure removes what was copied and leaves the source.
 */
async function copyAcross(
  client: Client,
  onSftp: OnSftp,
  instance: string,
  from: string,
  to: string,
  opts: ProjectOptions & { source: FileStat; onLeftover?: (path: string) => void },
): Promise<void> {
  const { source, onLeftover, ...call } = opts;
  // Until a file's copy is in place (it lands whole or not at all), `to` may still be the file
  // it replaces: only what this copy put there is removed on a failure.
  let placed = source.type === 'directory';
  try {
    if (source.type !== 'directory') {
      await copyOne(client, onSftp, instance, from, to, source.type, { ...call, onLeftover, onPlaced: () => (placed = true) });
    } else {
      const tree = await walkTree(client, instance, from, call);
      const mapped = (p: string): string => to + p.slice(from.length);
      for (const dir of tree.dirs) {
        const st = await client.files.stat(instance, dir, call);
        await client.files.mkdir(instance, mapped(dir), { ...call, uid: st.uid, gid: st.gid, mode: st.mode });
      }
      for (const e of tree.others) {
        await copyOne(client, onSftp, instance, e.path, mapped(e.path), e.type, { ...call, onLeftover });
      }
    }
  } catch (e) {
    if (!placed) {
      throw e;
    }
    // The source is whole; an incomplete copy is removed, or named in the error when it cannot be.
    const removed = await removePath(client, instance, to, { ...call, recursive: true }).then(
      () => true,
      (err: unknown) => err instanceof ApiError && err.status === 404,
    );
    if (!removed) {
      throw new ApiError({ status: 500, lxdMessage: `${describe(e)}; ${from} is whole, the incomplete copy at ${to} was not removed` });
    }
    throw e;
  }
  await removePath(client, instance, from, { ...call, recursive: true, type: source.type });
}

async function copyOne(
  client: Client,
  onSftp: OnSftp,
  instance: string,
  from: string,
  to: string,
  type: FileStat['type'],
  opts: ProjectOptions & { onLeftover?: (path: string) => void; onPlaced?: () => void },
): Promise<void> {
  const { onLeftover, onPlaced, ...call } = opts;
  const entry = await client.files.get(instance, from, call);
  if (entry.type === 'symlink') {
    // As written (`sub/f`), not as the files API resolves it (`/old/place/sub/f`, gone after the move).
    const written = await onSftp((s) => s.readlink(from, { signal: call.signal }));
    await client.files.symlink(instance, to, written, { ...call, uid: entry.stat.uid, gid: entry.stat.gid });
    onPlaced?.();
    return;
  }
  if (entry.type !== 'file' || type !== 'file') {
    throw new ApiError({ status: 409, lxdMessage: `${from} changed while it was moved` });
  }
  const sent = hashing(entry.stream);
  await writeAtomic(client, onSftp, instance, to, sent.stream, { ...call, existing: entry.stat, onLeftover });
  onPlaced?.();
  const copied = await client.files.get(instance, to, call);
  if (copied.type !== 'file') {
    throw new ApiError({ status: 409, lxdMessage: `${to} is not the copy of ${from}` });
  }
  const back = hashing(copied.stream);
  back.stream.resume();
  if ((await back.digest) !== (await sent.digest)) {
    throw new ApiError({ status: 500, lxdMessage: `the copy of ${from} at ${to} differs from it; ${from} was kept` });
  }
}

/** A stream's sha256, computed as it passes through. */
function hashing(source: Readable): { stream: Readable; digest: Promise<string> } {
  const hash = createHash('sha256');
  let done: (hex: string) => void = () => undefined;
  let failed: (e: Error) => void = () => undefined;
  const digest = new Promise<string>((resolve, reject) => ((done = resolve), (failed = reject)));
  digest.catch(() => undefined); // awaited later, or never when the copy failed first
  const stream = new Transform({
    transform(chunk: Buffer, _enc, next) {
      hash.update(chunk);
      next(null, chunk);
    },
    flush(next) {
      done(hash.digest('hex'));
      next();
    },
  });
  source.once('error', (e) => stream.destroy(e));
  // Destroyed half way (the write it feeds failed): the source goes too, and with it its connection.
  stream.once('close', () => source.destroy());
  stream.once('error', failed);
  return { stream: source.pipe(stream), digest };
}
