import * as fs from 'node:fs';

/** What the user chose for a local file that is already there. */
export type ExistingChoice = 'overwrite' | 'skip' | 'cancel';

/** Asked once per local path that already exists (a file, or a symlink: it is never followed). */
export type OnExisting = (localPath: string, kind: 'file' | 'symlink') => Promise<ExistingChoice>;

/** The user cancelled a download at an overwrite question. */
export class DownloadCancelled extends Error {
  constructor() {
    super('The download was cancelled');
  }
}

/**
 * Makes `dest` ready to be created by a download, never through a local symlink: nothing there,
 * go; a file or a symlink there, ask `onExisting` (no callback: refuse) and on Overwrite remove it
 * (a symlink itself, not what it points at); a directory or anything else, refuse. Returns false to
 * skip. The caller then creates the file with `wx` (O_EXCL), so a link that appears meanwhile is
 * refused rather than followed.
 */
export async function prepareLocalFile(dest: string, onExisting: OnExisting | undefined): Promise<boolean> {
  const st = await fs.promises.lstat(dest).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') {
      return undefined;
    }
    throw e;
  });
  if (!st) {
    return true;
  }
  const kind = st.isSymbolicLink() ? 'symlink' : st.isFile() ? 'file' : undefined;
  if (!kind) {
    throw new Error(`${dest} already exists and is not a file: nothing was written there.`);
  }
  const choice = onExisting ? await onExisting(dest, kind) : 'cancel';
  if (choice === 'cancel') {
    throw onExisting ? new DownloadCancelled() : new Error(`${dest} already exists: nothing was written there.`);
  }
  if (choice === 'skip') {
    return false;
  }
  await fs.promises.unlink(dest);
  return true;
}

/** Makes `dir` a real local directory; a symlink where it belongs is refused, never followed. */
export async function prepareLocalDirectory(dir: string): Promise<void> {
  await fs.promises.mkdir(dir, { recursive: true });
  const st = await fs.promises.lstat(dir);
  if (!st.isDirectory()) {
    throw new Error(`${dir} is a symbolic link on this computer: the download does not write through it.`);
  }
}
