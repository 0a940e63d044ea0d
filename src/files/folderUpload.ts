import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { ApiError, CancelledError, Client, FileStat, ProjectOptions } from '../client';
import { mapLimit } from '../util/limit';
import { linkAtomic } from './atomic';
import { InstanceFiles, InstanceRef } from './instanceFiles';
import { statIfExists } from './remote';
import { uploadFile } from './transfer';
import { basename, dirname, joinPath } from './uri';

/**
 * Upload Folder to Instance…: a local folder and everything in it, into a folder of the instance,
 * the way `lxc file push -r` lays it out (`<remoteDir>/<folder name>/…`, symlinks sent as symlinks,
 * never followed, so nothing outside the chosen folder leaves the machine). It is planned before
 * anything is written: what already exists in the instance is read first, and a folder where a file
 * would go (or the other way round) refuses the whole upload with nothing changed. Then folders are
 * created and each file and symlink lands atomically (a temporary, then a rename), in walk order: a
 * failure or a cancel stops at the entry being sent, which is left as it was.
 */

/** One entry of the local folder; `rel` is its path below the folder ('' for the folder itself), `/`-separated. */
export interface LocalEntry {
  path: string;
  rel: string;
  kind: 'directory' | 'file' | 'symlink' | 'other';
  /** Permission bits. */
  mode: number;
  size: number;
  /** A symlink's target, as written. */
  target?: string;
}

/** What is in the way in the instance: `remote` has a `found` where the local folder has a `local`. */
export interface FolderConflict {
  remote: string;
  local: LocalEntry['kind'];
  found: FileStat['type'];
}

export interface FolderUploadPlan {
  localDir: string;
  /** Where the folder lands: `<remoteDir>/<folder name>`. */
  remoteRoot: string;
  /** Parents before their children. */
  entries: LocalEntry[];
  /** What the instance already has at each entry's place (absent: nothing). */
  existing: Map<string, FileStat['type']>;
  /** Files and symlinks in the instance that the upload replaces (remote paths). */
  replaced: string[];
  conflicts: FolderConflict[];
  /** Local sockets, pipes and devices: not uploaded (local paths). */
  skipped: string[];
  /** Files and symlinks to send, and the files' bytes. */
  count: number;
  bytes: number;
}

/** How many existence checks in the instance are in flight at once while planning. */
const STAT_CONCURRENCY = 16;

/** The local folder, parents before children; symlinks are read, never followed. */
export async function walkLocal(root: string): Promise<LocalEntry[]> {
  const entries: LocalEntry[] = [];
  const visit = async (abs: string, rel: string): Promise<void> => {
    const st = await fs.promises.lstat(abs);
    const kind: LocalEntry['kind'] = st.isDirectory() ? 'directory' : st.isFile() ? 'file' : st.isSymbolicLink() ? 'symlink' : 'other';
    const entry: LocalEntry = { path: abs, rel, kind, mode: st.mode & 0o7777, size: kind === 'file' ? st.size : 0 };
    if (kind === 'symlink') {
      entry.target = await fs.promises.readlink(abs);
    }
    entries.push(entry);
    if (kind === 'directory') {
      const names = (await fs.promises.readdir(abs)).sort();
      for (const name of names) {
        await visit(nodePath.join(abs, name), rel ? `${rel}/${name}` : name);
      }
    }
  };
  await visit(root, '');
  return entries;
}

/** The instance path of an entry. */
export function remotePathOf(remoteRoot: string, rel: string): string {
  return rel ? joinPath(remoteRoot, rel) : remoteRoot;
}

/**
 * What stands in the way, and what would be replaced, given the types the instance has at each
 * entry's place. rename(2) replaces a file or a symlink, never a folder, and a folder can only be
 * merged into a folder.
 */
export function sortOut(
  entries: readonly LocalEntry[],
  existing: ReadonlyMap<string, FileStat['type']>,
  remoteRoot: string,
): { conflicts: FolderConflict[]; replaced: string[] } {
  const conflicts: FolderConflict[] = [];
  const replaced: string[] = [];
  for (const e of entries) {
    const found = existing.get(e.rel);
    if (!found || e.kind === 'other') {
      continue;
    }
    const remote = remotePathOf(remoteRoot, e.rel);
    if (e.kind === 'directory' ? found !== 'directory' : found === 'directory') {
      conflicts.push({ remote, local: e.kind, found });
    } else if (e.kind !== 'directory') {
      replaced.push(remote);
    }
  }
  return { conflicts, replaced };
}

/**
 * Reads the local folder and what the instance already has where it would land: only the folders
 * that exist on both sides are listed, and only the names found on both sides are looked at.
 */
export async function planFolderUpload(
  client: Client,
  instance: string,
  localDir: string,
  remoteDir: string,
  opts: ProjectOptions = {},
): Promise<FolderUploadPlan> {
  const entries = await walkLocal(localDir);
  if (entries[0].kind !== 'directory') {
    throw new Error(`${localDir} is not a folder`);
  }
  const remoteRoot = joinPath(remoteDir, nodePath.basename(localDir));
  const children = new Map<string, LocalEntry[]>();
  for (const e of entries.slice(1)) {
    const parent = e.rel.includes('/') ? e.rel.slice(0, e.rel.lastIndexOf('/')) : '';
    const siblings = children.get(parent);
    if (siblings) {
      siblings.push(e);
    } else {
      children.set(parent, [e]);
    }
  }
  const existing = new Map<string, FileStat['type']>();
  const root = await statIfExists(client, instance, remoteRoot, opts);
  const queue: string[] = [];
  if (root) {
    existing.set('', root.type);
    if (root.type === 'directory') {
      queue.push('');
    }
  }
  while (queue.length) {
    const rel = queue.shift()!;
    const local = children.get(rel) ?? [];
    if (!local.length) {
      continue;
    }
    const present = new Set(await client.files.list(instance, remotePathOf(remoteRoot, rel), opts));
    const both = local.filter((e) => present.has(basename(e.path)));
    const types = await mapLimit(both, STAT_CONCURRENCY, (e) => client.files.stat(instance, remotePathOf(remoteRoot, e.rel), opts));
    for (const [i, e] of both.entries()) {
      const t = types[i];
      if (t.status === 'rejected') {
        throw t.reason;
      }
      existing.set(e.rel, t.value.type);
      if (t.value.type === 'directory' && e.kind === 'directory') {
        queue.push(e.rel);
      }
    }
  }
  const sent = entries.filter((e) => e.kind === 'file' || e.kind === 'symlink');
  return {
    localDir,
    remoteRoot,
    entries,
    existing,
    ...sortOut(entries, existing, remoteRoot),
    skipped: entries.filter((e) => e.kind === 'other').map((e) => e.path),
    count: sent.length,
    bytes: sent.reduce((n, e) => n + e.size, 0),
  };
}

export interface FolderUploadOptions {
  signal?: AbortSignal;
  /** Before each file or symlink is sent: its local path, its index among them and their count. */
  onStart?: (entry: LocalEntry, index: number, count: number) => void;
  /** After each folder, file or symlink is in place in the instance, with whether it is new there. */
  onLanded?: (remote: string, created: boolean) => void;
}

/**
 * Carries out a plan that has no conflicts, on a session of its own (`own`): folders are created
 * with the local folder's mode (kept writable by their owner, so their files can land) and the
 * owner of `remoteDir`; files keep their local mode (a file replaced keeps its owner and mode);
 * symlinks are recreated as written. What a failed entry left behind is removed at the end, or by
 * `own`'s next write.
 */
export async function uploadFolder(
  own: InstanceFiles,
  client: Client,
  ref: InstanceRef,
  plan: FolderUploadPlan,
  opts: FolderUploadOptions = {},
): Promise<void> {
  if (plan.conflicts.length) {
    throw new ApiError({ status: 409, lxdMessage: describeConflicts(plan) });
  }
  const call = { project: ref.project, signal: opts.signal };
  const key = own.key(ref);
  const onSftp = own.onSftp(client, ref);
  const onLeftover = (p: string): void => own.leftovers.add(key, p);
  const owner = await client.files.stat(ref.instance, dirname(plan.remoteRoot), call);
  // A symlink takes its folder's owner: each folder is asked once, however many links it holds.
  const parents = new Map<string, ReturnType<typeof client.files.stat>>();
  const parentOf = (dir: string): ReturnType<typeof client.files.stat> => {
    let p = parents.get(dir);
    if (!p) {
      p = client.files.stat(ref.instance, dir, call);
      parents.set(dir, p);
    }
    return p;
  };
  let index = 0;
  try {
    for (const e of plan.entries) {
      if (opts.signal?.aborted) {
        throw new CancelledError(`Uploading ${plan.localDir}`);
      }
      const remote = remotePathOf(plan.remoteRoot, e.rel);
      const found = plan.existing.get(e.rel);
      if (e.kind === 'directory') {
        if (found !== 'directory') {
          await client.files.mkdir(ref.instance, remote, { ...call, uid: owner.uid, gid: owner.gid, mode: (e.mode & 0o777) | 0o700 });
          opts.onLanded?.(remote, true);
        }
      } else if (e.kind === 'file') {
        opts.onStart?.(e, index++, plan.count);
        await uploadFile(client, onSftp, ref.instance, e.path, dirname(remote), { ...call, onLeftover });
        opts.onLanded?.(remote, !found);
      } else if (e.kind === 'symlink') {
        opts.onStart?.(e, index++, plan.count);
        const parent = await parentOf(dirname(remote));
        await linkAtomic(client, onSftp, ref.instance, remote, e.target!, { ...call, uid: parent.uid, gid: parent.gid, onLeftover });
        opts.onLanded?.(remote, !found);
      }
    }
  } finally {
    await own.leftovers.sweep(key, client, ref.instance, { project: ref.project });
  }
}

/** "/root/site/a is a folder where site has a file (and 2 more)". */
export function describeConflicts(plan: Pick<FolderUploadPlan, 'conflicts' | 'localDir'>): string {
  const [first, ...rest] = plan.conflicts;
  const name = nodePath.basename(plan.localDir);
  const what = (k: string): string => (k === 'directory' ? 'a folder' : k === 'symlink' ? 'a symlink' : `a ${k}`);
  const more = rest.length ? ` (and ${rest.length} more)` : '';
  return `${first.remote} is ${what(first.found)} where ${name} has ${what(first.local)}${more}; nothing was uploaded`;
}
