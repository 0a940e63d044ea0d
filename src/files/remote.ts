import { ApiError, Client, FileStat, ProjectOptions, discard } from '../client';
import { FILE_READ_LIMIT, readBounded } from '../client/body';
import { mapLimit } from '../util/limit';
import { dirname, joinPath } from './uri';

/**
 * The file operations behind the `lxd:` file system, on the plain client (no vscode), so the
 * benchmarks and integration tests drive exactly what the editor uses.
 */

/** A path's metadata; for a symlink also what it points at (undefined when it dangles). */
export interface PathInfo {
  stat: FileStat;
  target?: { path: string; stat: FileStat };
}

/** How many metadata requests one directory listing keeps in flight. */
const LIST_CONCURRENCY = 16;

export async function pathInfo(client: Client, instance: string, path: string, opts?: ProjectOptions): Promise<PathInfo> {
  const stat = await client.files.stat(instance, path, opts);
  if (stat.type !== 'symlink') {
    return { stat };
  }
  const entry = await client.files.get(instance, path, opts);
  if (entry.type !== 'symlink') {
    // Replaced between the two requests.
    if (entry.type === 'file') {
      discard(entry.stream);
    }
    return { stat: entry.stat };
  }
  // LXD returns the resolved, absolute target; relative ones are resolved here just in case.
  const targetPath = entry.target.startsWith('/') ? entry.target : joinPath(dirname(path), entry.target);
  const target = await statIfExists(client, instance, targetPath, opts);
  return target ? { stat, target: { path: targetPath, stat: target } } : { stat };
}

/** A path's metadata, or undefined when it does not exist (LXD answers 404); other errors are thrown. */
export async function statIfExists(client: Client, instance: string, path: string, opts?: ProjectOptions): Promise<FileStat | undefined> {
  try {
    return await client.files.stat(instance, path, opts);
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) {
      return undefined;
    }
    throw e;
  }
}

/** A directory's entries with their metadata (LXD lists names only: one HEAD per entry). */
export async function listDirectory(
  client: Client,
  instance: string,
  dir: string,
  opts?: ProjectOptions,
): Promise<Array<[string, PathInfo | undefined]>> {
  const names = await client.files.list(instance, dir, opts);
  const infos = await mapLimit(names, LIST_CONCURRENCY, (n) => pathInfo(client, instance, joinPath(dir, n), opts));
  // An entry that vanished or cannot be read is still listed; the editor reports it when opened.
  return names.map((n, i) => [n, infos[i].status === 'fulfilled' ? infos[i].value : undefined]);
}

/**
 * Reads a whole file into one buffer, at most FILE_READ_LIMIT bytes: the chunks are copied once into
 * place, never gathered and concatenated, and the announced size is never allocated up front.
 */
export async function readWhole(client: Client, instance: string, path: string, opts?: ProjectOptions): Promise<Uint8Array> {
  // LXD answers a symlink with its target instead of following it: follow it here, as open(2) does.
  let at = path;
  for (let hops = 0; hops < 16; hops++) {
    const entry = await client.files.get(instance, at, opts);
    if (entry.type === 'file') {
      return readBounded(entry.stream, FILE_READ_LIMIT, `${path} (opened in the editor; download it instead)`, {
        announced: entry.stat.size,
      });
    }
    if (entry.type === 'directory') {
      throw new ApiError({ status: 400, lxdMessage: `${path} is a directory, not a file` });
    }
    at = entry.target.startsWith('/') ? entry.target : joinPath(dirname(at), entry.target);
  }
  throw new ApiError({ status: 400, lxdMessage: `${path}: too many levels of symbolic links` });
}

/** A new directory, owned like its parent. */
export async function makeDirectory(client: Client, instance: string, path: string, opts?: ProjectOptions): Promise<void> {
  const parent = await client.files.stat(instance, dirname(path), opts).catch(() => undefined);
  await client.files.mkdir(instance, path, { ...opts, uid: parent?.uid ?? 0, gid: parent?.gid ?? 0, mode: 0o755 });
}

/** Every directory (parents first) and every other entry below `root`; symlinks are not followed. */
export async function walkTree(
  client: Client,
  instance: string,
  root: string,
  opts?: ProjectOptions,
): Promise<{ dirs: string[]; others: Array<{ path: string; type: FileStat['type'] }> }> {
  const dirs: string[] = [];
  const others: Array<{ path: string; type: FileStat['type'] }> = [];
  const visit = async (dir: string): Promise<void> => {
    dirs.push(dir);
    const names = await client.files.list(instance, dir, opts);
    const types = await mapLimit(names, LIST_CONCURRENCY, (n) => client.files.stat(instance, joinPath(dir, n), opts).then((st) => st.type));
    for (const [i, n] of names.entries()) {
      const t = types[i];
      if (t.status === 'rejected') {
        throw t.reason;
      }
      if (t.value === 'directory') {
        await visit(joinPath(dir, n));
      } else {
        others.push({ path: joinPath(dir, n), type: t.value });
      }
    }
  };
  await visit(root);
  return { dirs, others };
}

/**
 * Deletes a path; a directory with everything in it when `recursive`. Incus does that in one call
 * (`file_delete_force`); LXD refuses non-empty directories, so the tree is walked here: files and
 * links first (a few at a time), then directories deepest first. Symlinks are removed, never
 * followed.
 */
export async function removePath(
  client: Client,
  instance: string,
  path: string,
  opts: ProjectOptions & { recursive?: boolean; type?: FileStat['type'] } = {},
): Promise<void> {
  const { recursive, type, ...call } = opts;
  if (!recursive || (await client.hasExtension('file_delete_force', call))) {
    await client.files.delete(instance, path, { ...call, recursive });
    return;
  }
  if ((type ?? (await client.files.stat(instance, path, call)).type) !== 'directory') {
    await client.files.delete(instance, path, call);
    return;
  }
  const tree = await walkTree(client, instance, path, call);
  const results = await mapLimit(tree.others, 8, (e) => client.files.delete(instance, e.path, call));
  const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure) {
    throw failure.reason;
  }
  for (const dir of tree.dirs.reverse()) {
    await client.files.delete(instance, dir, call);
  }
}
