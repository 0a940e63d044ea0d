import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Client, ProjectOptions } from '../client';
import { mapLimit } from '../util/limit';
import { OnSftp, writeAtomic } from './atomic';
import { InstanceFiles, InstanceRef } from './instanceFiles';
import { OnExisting, prepareLocalDirectory, prepareLocalFile } from './localTarget';
import { statIfExists, walkTree } from './remote';
import { basename, joinPath } from './uri';

/**
 * Upload and download between the local disk and an instance, streamed end to end: the bytes go
 * from a file stream into the request body, or from the response body into a file stream, and are
 * never held whole in memory.
 */

export interface TransferOptions extends ProjectOptions {
  /** Called after each file with its path and size, for progress. */
  onFile?: (path: string, bytes: number) => void;
  /** Downloads: what to do with a local file or symlink already there (none given: refuse). */
  onExisting?: OnExisting;
}

/**
 * Uploads a local file into a directory of the instance, with the local file's permission bits
 * (a file it replaces keeps its own owner and mode). Atomic: a failure or a cancel leaves the file
 * it would replace as it was.
 */
export async function uploadFile(
  client: Client,
  onSftp: OnSftp,
  instance: string,
  localFile: string,
  remoteDir: string,
  opts: TransferOptions & { onLeftover?: (path: string) => void } = {},
): Promise<string> {
  const { onFile, onLeftover, ...call } = opts;
  const st = await fs.promises.stat(localFile);
  const remote = joinPath(remoteDir, nodePath.basename(localFile));
  const existing = await statIfExists(client, instance, remote, call);
  const stream = fs.createReadStream(localFile, { highWaterMark: 1024 * 1024 });
  await writeAtomic(client, onSftp, instance, remote, stream, { ...call, existing, mode: st.mode & 0o777, onLeftover });
  onFile?.(remote, st.size);
  return remote;
}

/**
 * Uploads local files one after another into a directory of the instance (Upload to Instance…),
 * each atomically, on a session of their own: a failure or a cancel stops at that file, which is
 * left as it was (the ones before it are uploaded whole). What a failed file left behind (its
 * temporary, when the daemon was gone) is removed at the end, or by `own`'s next write.
 */
export async function uploadFiles(
  own: InstanceFiles,
  client: Client,
  ref: InstanceRef,
  localFiles: string[],
  remoteDir: string,
  opts: { signal?: AbortSignal; onStart?: (localFile: string, index: number) => void } = {},
): Promise<void> {
  const key = own.key(ref);
  try {
    for (const [i, f] of localFiles.entries()) {
      opts.onStart?.(f, i);
      await uploadFile(client, own.onSftp(client, ref), ref.instance, f, remoteDir, {
        project: ref.project,
        signal: opts.signal,
        onLeftover: (p) => own.leftovers.add(key, p),
      });
    }
  } finally {
    await own.leftovers.sweep(key, client, ref.instance, { project: ref.project });
  }
}

/**
 * Downloads a file, a symlink or a whole directory of the instance into a local directory. Modes
 * are kept (owners are not: the local user owns what it writes). A tree is walked first, then its
 * files come a few at a time.
 */
export async function download(
  client: Client,
  instance: string,
  remote: string,
  localDir: string,
  opts: TransferOptions = {},
): Promise<string> {
  const { onFile, onExisting: _, ...call } = opts;
  const dest = nodePath.join(localDir, basename(remote) || instance);
  const st = await client.files.stat(instance, remote, call);
  if (st.type !== 'directory') {
    await downloadOne(client, instance, remote, dest, opts);
    return dest;
  }
  await prepareLocalDirectory(dest);
  const tree = await walkTree(client, instance, remote, call);
  const local = (p: string): string => nodePath.join(dest, ...p.slice(remote.length).split('/').filter(Boolean));
  for (const dir of tree.dirs) {
    await prepareLocalDirectory(local(dir));
  }
  const results = await mapLimit(tree.others, 4, (e) => downloadOne(client, instance, e.path, local(e.path), opts));
  const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure) {
    throw failure.reason;
  }
  // Directory modes last: a read-only directory would refuse its own files.
  for (const dir of tree.dirs.reverse()) {
    await fs.promises.chmod(local(dir), (await client.files.stat(instance, dir, call)).mode & 0o777);
  }
  onFile?.(remote, 0);
  return dest;
}

async function downloadOne(client: Client, instance: string, remote: string, dest: string, opts: TransferOptions): Promise<void> {
  const { onFile, onExisting, ...call } = opts;
  // Asked before the request: a skipped file costs nothing, and the answer never waits on an open body.
  if (!(await prepareLocalFile(dest, onExisting))) {
    return;
  }
  const entry = await client.files.get(instance, remote, call);
  if (entry.type === 'file') {
    // `wx`: O_EXCL, so a symlink put there since the check is refused, never followed.
    await pipeline(entry.stream, fs.createWriteStream(dest, { flags: 'wx', mode: entry.stat.mode & 0o777, highWaterMark: 1024 * 1024 }));
    await fs.promises.chmod(dest, entry.stat.mode & 0o777);
    onFile?.(remote, entry.stat.size ?? 0);
  } else if (entry.type === 'symlink') {
    await fs.promises.symlink(entry.target, dest);
    onFile?.(remote, 0);
  }
}
