import * as vscode from 'vscode';
import { Client, FileStat, SftpAttrs, SftpError, SftpSession } from '../client';
import { Connection } from '../connections/connection';
import { CONNECT_WAIT_MS, ConnectionManager } from '../connections/manager';
import { log } from '../logger';
import { toFileSystemError } from './errors';
import { Leftovers, isTempName } from './atomic';
import { InstanceFiles } from './instanceFiles';
import { PathInfo, listDirectory, makeDirectory, pathInfo, readWhole, removePath, statIfExists } from './remote';
import { FILES_SCHEME, InstancePath, formatInstancePath, joinPath, parseInstancePath } from './uri';

export function instanceUri(p: InstancePath): vscode.Uri {
  return vscode.Uri.from({ scheme: FILES_SCHEME, ...formatInstancePath(p) });
}

export function parseInstanceUri(uri: vscode.Uri): InstancePath {
  if (uri.scheme !== FILES_SCHEME) {
    throw vscode.FileSystemError.FileNotFound(uri);
  }
  try {
    return parseInstancePath(uri.authority, uri.path);
  } catch {
    throw vscode.FileSystemError.FileNotFound(uri);
  }
}

function fileType(t: FileStat['type']): vscode.FileType {
  return t === 'directory' ? vscode.FileType.Directory : t === 'symlink' ? vscode.FileType.SymbolicLink : vscode.FileType.File;
}

/** A symlink is `SymbolicLink | <target's type>`, as VS Code wants it; a dangling one is a bare link. */
function typeOf(info: PathInfo): vscode.FileType {
  if (info.stat.type !== 'symlink') {
    return fileType(info.stat.type);
  }
  return vscode.FileType.SymbolicLink | (info.target ? fileType(info.target.stat.type) : vscode.FileType.Unknown);
}

function sftpType(t: SftpAttrs['type']): vscode.FileType {
  return t === 'directory'
    ? vscode.FileType.Directory
    : t === 'symlink'
      ? vscode.FileType.SymbolicLink
      : t === 'file'
        ? vscode.FileType.File
        : vscode.FileType.Unknown;
}

/** A symlink's lstat plus what stat says about its target (undefined: dangling). */
function sftpTypeOf(own: SftpAttrs, target?: SftpAttrs): vscode.FileType {
  return own.type === 'symlink'
    ? vscode.FileType.SymbolicLink | (target ? sftpType(target.type) : vscode.FileType.Unknown)
    : sftpType(own.type);
}

/** stat(2) of a symlink's target, or undefined when the link dangles. */
async function followed(stat: () => Promise<SftpAttrs>): Promise<SftpAttrs | undefined> {
  try {
    return await stat();
  } catch (e) {
    if (e instanceof SftpError && e.code === 2) {
      return undefined;
    }
    throw e;
  }
}

/**
 * The `lxd:` file system: an instance's files through the files API (content, writes, deletes) and
 * the instance's SFTP endpoint (metadata, listings, rename), so the Explorer lists them and editors
 * open and save them like local files.
 */
export class InstanceFileSystem implements vscode.FileSystemProvider {
  private readonly changes = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changes.event;

  /** Tells VS Code (the Explorer, the Files nodes) of changes made around this provider: an upload. */
  announce(events: vscode.FileChangeEvent[]): void {
    if (events.length > 0) {
      this.changes.fire(events);
    }
  }

  private readonly files: InstanceFiles;

  constructor(
    private readonly connections: ConnectionManager,
    leftovers: Leftovers,
  ) {
    this.files = new InstanceFiles({ leftovers });
  }

  dispose(): void {
    this.files.dispose();
    this.changes.dispose();
  }

  watch(): vscode.Disposable {
    // LXD has no file change notifications; what this provider changes itself is reported below.
    return new vscode.Disposable(() => undefined);
  }

  /**
   * Metadata and listings come over SFTP (one exchange for a whole directory, pipelined stats for
   * its symlinks); where SFTP cannot be opened, over the REST files API (a request per entry).
   */
  stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    return this.run(uri, async (client, p) => {
      const viaSftp = await this.withSftp(client, p, async (s) => {
        const own = await s.lstat(p.path);
        const target = own.type === 'symlink' ? await followed(() => s.stat(p.path)) : undefined;
        const st = target ?? own;
        return { type: sftpTypeOf(own, target), ctime: st.mtime ?? 0, mtime: st.mtime ?? 0, size: st.size ?? 0 };
      });
      if (viaSftp) {
        return viaSftp.value;
      }
      const info = await pathInfo(client, p.instance, p.path);
      const st = info.target?.stat ?? info.stat;
      const mtime = st.modified?.getTime() ?? 0;
      return { type: typeOf(info), ctime: mtime, mtime, size: st.size ?? 0 };
    });
  }

  readDirectory(uri: vscode.Uri): Promise<[string, vscode.FileType][]> {
    return this.run(uri, async (client, p) => {
      const viaSftp = await this.withSftp(client, p, async (s) => {
        // A save's temporary is not the user's file: it is never listed.
        const entries = (await s.readdir(p.path)).filter((e) => !isTempName(e.name));
        const types = await Promise.all(
          entries.map(async (e) =>
            sftpTypeOf(e.attrs, e.attrs.type === 'symlink' ? await followed(() => s.stat(joinPath(p.path, e.name))) : undefined),
          ),
        );
        return entries
          .map((e, i): [string, vscode.FileType] => [e.name, types[i]])
          .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      });
      if (viaSftp) {
        return viaSftp.value;
      }
      const entries = (await listDirectory(client, p.instance, p.path)).filter(([name]) => !isTempName(name));
      return entries.map(([name, info]): [string, vscode.FileType] => [name, info ? typeOf(info) : vscode.FileType.Unknown]);
    });
  }

  readFile(uri: vscode.Uri): Promise<Uint8Array> {
    // One GET: a directory answers with its listing, which readWhole turns into "is a directory".
    return this.run(uri, (client, p) => readWhole(client, p.instance, p.path));
  }

  writeFile(uri: vscode.Uri, content: Uint8Array, options: { create: boolean; overwrite: boolean }): Promise<void> {
    return this.run(uri, async (client, p) => {
      const existing = await this.existing(client, p);
      if (existing?.type === 'directory') {
        throw vscode.FileSystemError.FileIsADirectory(uri);
      }
      if (existing && !options.overwrite) {
        throw vscode.FileSystemError.FileExists(uri);
      }
      if (!existing && !options.create) {
        throw vscode.FileSystemError.FileNotFound(uri);
      }
      // Atomic: a temporary sibling renamed over the file; a symlink is written through to its target.
      await this.files.save(client, p, content, { existing });
      this.changes.fire([{ type: existing ? vscode.FileChangeType.Changed : vscode.FileChangeType.Created, uri }]);
    });
  }

  createDirectory(uri: vscode.Uri): Promise<void> {
    return this.run(uri, async (client, p) => {
      if (await this.existing(client, p)) {
        throw vscode.FileSystemError.FileExists(uri);
      }
      await makeDirectory(client, p.instance, p.path);
      this.changes.fire([{ type: vscode.FileChangeType.Created, uri }]);
    });
  }

  delete(uri: vscode.Uri, options: { recursive: boolean }): Promise<void> {
    return this.run(uri, async (client, p) => {
      const existing = await this.existing(client, p);
      if (!existing) {
        throw vscode.FileSystemError.FileNotFound(uri);
      }
      await removePath(client, p.instance, p.path, { recursive: options.recursive && existing.type === 'directory', type: existing.type });
      this.changes.fire([{ type: vscode.FileChangeType.Deleted, uri }]);
    });
  }

  /**
   * LXD has no rename endpoint; SFTP's rename(2) moves a file or a whole tree atomically, keeping
   * owner, mode, times and links. A target being replaced is set aside first and removed only once
   * the source is in place; across mounts the source is copied and checked before it is deleted.
   */
  rename(oldUri: vscode.Uri, newUri: vscode.Uri, options: { overwrite: boolean }): Promise<void> {
    return this.run(oldUri, async (client, from) => {
      const to = parseInstanceUri(newUri);
      if (to.connectionId !== from.connectionId || to.project !== from.project || to.instance !== from.instance) {
        throw vscode.FileSystemError.NoPermissions('Moving between instances is a copy: use copy and delete');
      }
      const source = await this.existing(client, from);
      if (!source) {
        throw vscode.FileSystemError.FileNotFound(oldUri);
      }
      const target = await this.existing(client, to);
      if (target && !options.overwrite) {
        throw vscode.FileSystemError.FileExists(newUri);
      }
      await this.files.move(client, from, from.path, to.path, { source, target });
      this.changes.fire([
        { type: vscode.FileChangeType.Deleted, uri: oldUri },
        { type: vscode.FileChangeType.Created, uri: newUri },
      ]);
    });
  }

  /**
   * Runs `fn` on the instance's SFTP session. Undefined when no session can be opened (the caller
   * then uses REST); errors of the operation itself propagate.
   */
  private async withSftp<T>(client: Client, p: InstancePath, fn: (s: SftpSession) => Promise<T>): Promise<{ value: T } | undefined> {
    let opened = false;
    try {
      return {
        value: await this.files.onSftp(
          client,
          p,
        )((s) => {
          opened = true;
          return fn(s);
        }),
      };
    } catch (e) {
      if (opened) {
        throw e;
      }
      log().debug(`lxd: SFTP unavailable for ${p.instance}, using the files API: ${(e as Error).message}`);
      return undefined;
    }
  }

  private existing(client: Client, p: InstancePath): Promise<FileStat | undefined> {
    return statIfExists(client, p.instance, p.path);
  }

  private async run<T>(uri: vscode.Uri, body: (client: Client, p: InstancePath) => Promise<T>): Promise<T> {
    const p = parseInstanceUri(uri);
    try {
      const connection = await this.connection(p.connectionId, uri);
      return await body(connection.api(p.project), p);
    } catch (e) {
      const err = toFileSystemError(e, uri);
      log().debug(`lxd: ${uri.toString(true)}: ${(e as Error)?.message ?? e}`);
      throw err;
    }
  }

  /** The connection of a URI; right after activation it may still be connecting. */
  private async connection(id: string, uri: vscode.Uri): Promise<Connection> {
    const c = await this.connections.whenConnected(id, CONNECT_WAIT_MS);
    if (c?.status !== 'connected') {
      throw vscode.FileSystemError.Unavailable(uri);
    }
    return c;
  }
}

/** Registers the `lxd:` file system; returns it, and the registration to dispose. */
export function registerInstanceFileSystem(
  connections: ConnectionManager,
  leftovers: Leftovers,
): { fs: InstanceFileSystem; registration: vscode.Disposable } {
  const fs = new InstanceFileSystem(connections, leftovers);
  return {
    fs,
    registration: vscode.Disposable.from(vscode.workspace.registerFileSystemProvider(FILES_SCHEME, fs, { isCaseSensitive: true }), fs),
  };
}
