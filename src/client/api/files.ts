import type { Readable } from 'node:stream';
import { FILE_READ_LIMIT, JSON_BODY_LIMIT, discard, readBounded, readText } from '../body';
import { ApiError } from '../errors';
import { headerValue } from '../envelope';
import { TransportResponse } from '../transport';
import { ApiGroup, ProjectOptions, callOpts } from './base';
import { headerPrefix } from './server';

export type FileType = 'file' | 'directory' | 'symlink';

export interface FileStat {
  type: FileType;
  uid: number;
  gid: number;
  /** Permission bits, e.g. 0o644. */
  mode: number;
  /** Bytes, when the server says (GET of a file). */
  size?: number;
  /** Last modification, when the server says. */
  modified?: Date;
}

export type FileEntry =
  | { type: 'file'; stat: FileStat; stream: Readable }
  | { type: 'directory'; stat: FileStat; entries: string[] }
  | { type: 'symlink'; stat: FileStat; target: string };

export interface WriteFileOptions extends ProjectOptions {
  /** Owner, group and mode of a NEW file; LXD keeps those of an existing file. */
  uid?: number;
  gid?: number;
  mode?: number;
  /** Append instead of overwrite. */
  append?: boolean;
}

/**
 * `/1.0/instances/{name}/files?path=`: LXD and Incus name the metadata headers differently
 * (`X-LXD-*` vs `X-Incus-*`, and neither accepts the other's), so the prefix follows the server.
 */
export { discard };

export class FilesApi extends ApiGroup {
  /** Reads a path: a file's content as a stream, a directory's entry names, or a symlink's target. */
  async get(instance: string, filePath: string, opts?: ProjectOptions): Promise<FileEntry> {
    const res = await this.stream('GET /1.0/instances/{name}/files', {
      path: { name: instance },
      query: { path: filePath, project: this.project(opts) },
      ...callOpts(opts),
    });
    const stat = await this.statFrom(res);
    if (stat.type === 'directory') {
      const body = JSON.parse(await readText(res.body, JSON_BODY_LIMIT, `The listing of ${filePath}`)) as { metadata?: string[] | null };
      return { type: 'directory', stat, entries: (body.metadata ?? []).slice().sort() };
    }
    if (stat.type === 'symlink') {
      return { type: 'symlink', stat, target: await readText(res.body, JSON_BODY_LIMIT, `The target of ${filePath}`) };
    }
    return { type: 'file', stat, stream: res.body };
  }

  /** Metadata only: HEAD where the server has it (`instance_file_head`), otherwise a GET whose body is dropped. */
  async stat(instance: string, filePath: string, opts?: ProjectOptions): Promise<FileStat> {
    if (!(await this.ctx.hasExtension('instance_file_head', opts))) {
      const entry = await this.get(instance, filePath, opts);
      if (entry.type === 'file') {
        discard(entry.stream);
      }
      return entry.stat;
    }
    const res = await this.stream('HEAD /1.0/instances/{name}/files', {
      path: { name: instance },
      query: { path: filePath, project: this.project(opts) },
      ...callOpts(opts),
    });
    await res.body.dump();
    return this.statFrom(res);
  }

  async readFile(instance: string, filePath: string, opts?: ProjectOptions): Promise<Buffer> {
    const entry = await this.get(instance, filePath, opts);
    if (entry.type !== 'file') {
      throw new ApiError({ status: 400, lxdMessage: `${filePath} is a ${entry.type}, not a file` });
    }
    return readBounded(entry.stream, FILE_READ_LIMIT, `${filePath} (read into memory; download it instead)`, {
      announced: entry.stat.size,
    });
  }

  async list(instance: string, dirPath: string, opts?: ProjectOptions): Promise<string[]> {
    const entry = await this.get(instance, dirPath, opts);
    if (entry.type !== 'directory') {
      if (entry.type === 'file') {
        discard(entry.stream);
      }
      throw new ApiError({ status: 400, lxdMessage: `${dirPath} is a ${entry.type}, not a directory` });
    }
    return entry.entries;
  }

  /** Creates or overwrites a file from bytes or a stream (streamed, never buffered here). */
  async write(instance: string, filePath: string, data: Buffer | string | Readable, opts?: WriteFileOptions): Promise<void> {
    const headers = await this.headers(opts, { type: 'file', write: opts?.append ? 'append' : 'overwrite' });
    await this.push(instance, filePath, data, headers, opts);
  }

  async mkdir(instance: string, dirPath: string, opts?: Omit<WriteFileOptions, 'append'>): Promise<void> {
    const headers = await this.headers(opts, { type: 'directory' });
    await this.push(instance, dirPath, Buffer.alloc(0), headers, opts);
  }

  async symlink(instance: string, linkPath: string, target: string, opts?: Omit<WriteFileOptions, 'append' | 'mode'>): Promise<void> {
    const headers = await this.headers(opts, { type: 'symlink' });
    await this.push(instance, linkPath, target, headers, opts);
  }

  /**
   * Deletes a file, symlink or empty directory. `recursive` removes a non-empty directory where the
   * server can (Incus `file_delete_force`); elsewhere LXD refuses non-empty directories.
   */
  async delete(instance: string, filePath: string, opts?: ProjectOptions & { recursive?: boolean }): Promise<void> {
    const headers: Record<string, string> = {};
    if (opts?.recursive) {
      if (await this.ctx.hasExtension('file_delete_force', opts)) {
        headers[`${await this.prefix(opts)}force`] = 'true';
      }
    }
    await this.sync('DELETE /1.0/instances/{name}/files', {
      path: { name: instance },
      query: { path: filePath, project: this.project(opts) },
      headers,
      ...callOpts(opts),
    });
  }

  private async push(
    instance: string,
    filePath: string,
    raw: Buffer | string | Readable,
    headers: Record<string, string>,
    opts?: ProjectOptions,
  ): Promise<void> {
    await this.sync('POST /1.0/instances/{name}/files', {
      path: { name: instance },
      query: { path: filePath, project: this.project(opts) },
      headers,
      raw,
      timeoutMs: opts?.timeoutMs ?? 0,
      signal: opts?.signal,
    });
  }

  private async headers(opts: WriteFileOptions | undefined, fields: Record<string, string>): Promise<Record<string, string>> {
    const prefix = await this.prefix(opts);
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(fields)) {
      out[`${prefix}${k}`] = v;
    }
    if (opts?.uid !== undefined) {
      out[`${prefix}uid`] = String(opts.uid);
    }
    if (opts?.gid !== undefined) {
      out[`${prefix}gid`] = String(opts.gid);
    }
    if (opts?.mode !== undefined) {
      // Zero-padded octal, as lxc sends it: LXD parses "644" (no leading zero) as decimal.
      out[`${prefix}mode`] = '0' + (opts.mode & 0o7777).toString(8).padStart(3, '0');
    }
    return out;
  }

  private async prefix(opts?: ProjectOptions): Promise<string> {
    return headerPrefix(await this.ctx.serverInfo(opts));
  }

  private async statFrom(res: TransportResponse): Promise<FileStat> {
    const prefix = (await this.prefix()).toLowerCase();
    const h = (name: string): string | undefined => headerValue(res.headers, `${prefix}${name}`);
    const type = (h('type') ?? 'file') as FileType;
    const length = headerValue(res.headers, 'content-length');
    // HEAD on LXD 5.0 has no Last-Modified: only `X-LXD-Modified`, in Go's time format.
    const modified = headerValue(res.headers, 'last-modified') ?? goTime(h('modified'));
    return {
      type,
      uid: Number(h('uid') ?? 0),
      gid: Number(h('gid') ?? 0),
      mode: parseInt(h('mode') ?? '0', 8),
      size: type === 'file' && length !== undefined ? Number(length) : undefined,
      modified: modified ? new Date(modified) : undefined,
    };
  }
}

/** `2026-11-25 19:05:33 +0000 UTC` (Go's `time.String()`) → `2026-11-25T19:05:33+00:00`. */
function goTime(value: string | undefined): string | undefined {
  const m = value && /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(?:\.\d+)? ([+-]\d{2})(\d{2})/.exec(value);
  return m ? `${m[1]}T${m[2]}${m[3]}:${m[4]}` : undefined;
}
