import * as crypto from 'node:crypto';
import { Readable } from 'node:stream';
import type { Image, ImageAliasesEntry, ImagePut, ImagesPost } from '../../generated';
import { OperationPromise, operationPromise } from '../operation';
import { headerPrefix } from './server';
import { ApiGroup, ListOptions, ProjectOptions, Tagged, WriteOptions, callOpts } from './base';

/** What `upload` sends: a unified tarball, or a split image's two files. */
export type ImageFiles =
  { tarball: Buffer | Readable } | { metadata: Buffer | Readable; rootfs: Buffer | Readable; type?: 'container' | 'virtual-machine' };

export interface UploadOptions extends ProjectOptions {
  /** Visible to untrusted clients. */
  public?: boolean;
  /** The file name the daemon records (and offers on export). */
  filename?: string;
  /** Bytes handed to the connection so far: the long part of an upload happens before LXD's operation exists. */
  onUploadProgress?: (sentBytes: number) => void;
}

/** `/1.0/images` and `/1.0/images/aliases`. */
export class ImagesApi extends ApiGroup {
  list(opts?: ListOptions): Promise<Image[]> {
    return this.listAll(opts, { extension: 'images_all_projects', feature: 'features.images' }, (query) =>
      this.fetchList('GET /1.0/images', { query, recursion: 1, ...callOpts(opts) }),
    );
  }

  get(fingerprint: string, opts?: ProjectOptions): Promise<Image> {
    return this.sync('GET /1.0/images/{fingerprint}', { path: { fingerprint }, query: { project: this.project(opts) }, ...callOpts(opts) });
  }

  getTagged(fingerprint: string, opts?: ProjectOptions): Promise<Tagged<Image>> {
    return this.tagged('GET /1.0/images/{fingerprint}', {
      path: { fingerprint },
      query: { project: this.project(opts) },
      ...callOpts(opts),
    });
  }

  update(fingerprint: string, put: ImagePut, opts?: WriteOptions): Promise<void> {
    return this.apply('PUT /1.0/images/{fingerprint}', {
      path: { fingerprint },
      query: { project: this.project(opts) },
      body: put,
      etag: opts?.etag,
      ...callOpts(opts),
    });
  }

  patch(fingerprint: string, patch: Partial<ImagePut>, opts?: WriteOptions): Promise<void> {
    return this.apply('PATCH /1.0/images/{fingerprint}', {
      path: { fingerprint },
      query: { project: this.project(opts) },
      body: patch,
      etag: opts?.etag,
      ...callOpts(opts),
    });
  }

  delete(fingerprint: string, opts?: ProjectOptions): OperationPromise {
    return this.operation('DELETE /1.0/images/{fingerprint}', {
      path: { fingerprint },
      query: { project: this.project(opts) },
      ...callOpts(opts),
    });
  }

  /** Copies an image from another server, or publishes an instance or snapshot as an image. */
  create(request: ImagesPost, opts?: ProjectOptions): OperationPromise {
    return this.operation('POST /1.0/images', { query: { project: this.project(opts) }, body: request, ...callOpts(opts) });
  }

  /**
   * Uploads an image from local files, as `lxc image import` does: one unified tarball
   * (`metadata.yaml` and `rootfs/` together), or a split image (a metadata tarball plus a rootfs
   * tarball or squashfs; `rootfs.img` for a virtual machine). The finished operation's metadata
   * carries the new image's `fingerprint` (the SHA-256 of the bytes sent, metadata first).
   */
  upload(files: ImageFiles | Buffer | Readable, opts?: UploadOptions): OperationPromise {
    const source: ImageFiles = Buffer.isBuffer(files) || isReadable(files) ? { tarball: files } : files;
    return operationPromise(
      this.ctx.serverInfo(opts).then((server) => {
        const prefix = headerPrefix(server);
        const headers: Record<string, string> = {};
        if (opts?.public) {
          headers[`${prefix}public`] = '1';
        }
        if (opts?.filename) {
          headers[`${prefix}filename`] = opts.filename;
        }
        let raw: Readable;
        if ('tarball' in source) {
          raw = counted([source.tarball], opts?.onUploadProgress);
        } else {
          // The daemon reads the parts in this order, by these form names.
          const boundary = `lxdx-${crypto.randomBytes(16).toString('hex')}`;
          headers['content-type'] = `multipart/form-data; boundary=${boundary}`;
          const rootfsName = source.type === 'virtual-machine' ? 'rootfs.img' : 'rootfs';
          raw = counted(
            [
              partHead(boundary, 'metadata'),
              source.metadata,
              Buffer.from('\r\n'),
              partHead(boundary, rootfsName),
              source.rootfs,
              Buffer.from(`\r\n--${boundary}--\r\n`),
            ],
            opts?.onUploadProgress,
          );
        }
        return this.operation('POST /1.0/images', {
          query: { project: this.project(opts) },
          raw,
          headers,
          timeoutMs: opts?.timeoutMs ?? 0,
          signal: opts?.signal,
        });
      }),
    );
  }

  /** Re-downloads an image from its source (images with `auto_update`). */
  refresh(fingerprint: string, opts?: ProjectOptions): OperationPromise {
    return this.operation('POST /1.0/images/{fingerprint}/refresh', {
      path: { fingerprint },
      query: { project: this.project(opts) },
      ...callOpts(opts),
    });
  }

  aliases(opts?: ProjectOptions): Promise<ImageAliasesEntry[]> {
    return this.fetchList('GET /1.0/images/aliases', { query: { project: this.project(opts) }, recursion: 1, ...callOpts(opts) });
  }

  alias(name: string, opts?: ProjectOptions): Promise<ImageAliasesEntry> {
    return this.sync('GET /1.0/images/aliases/{name}', { path: { name }, query: { project: this.project(opts) }, ...callOpts(opts) });
  }

  async addAlias(name: string, fingerprint: string, opts?: ProjectOptions & { description?: string }): Promise<void> {
    await this.sync('POST /1.0/images/aliases', {
      query: { project: this.project(opts) },
      body: { name, target: fingerprint, description: opts?.description ?? '' },
      ...callOpts(opts),
    });
  }

  async renameAlias(name: string, newName: string, opts?: ProjectOptions): Promise<void> {
    await this.sync('POST /1.0/images/aliases/{name}', {
      path: { name },
      query: { project: this.project(opts) },
      body: { name: newName },
      ...callOpts(opts),
    });
  }

  async deleteAlias(name: string, opts?: ProjectOptions): Promise<void> {
    await this.sync('DELETE /1.0/images/aliases/{name}', { path: { name }, query: { project: this.project(opts) }, ...callOpts(opts) });
  }
}

function isReadable(v: unknown): v is Readable {
  return v instanceof Readable;
}

function partHead(boundary: string, name: string): Buffer {
  return Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
  );
}

const SLICE = 1 << 20;

/** The pieces as one stream, reporting the bytes passed on (buffers in 1 MiB slices, so progress moves). */
function counted(pieces: (Buffer | Readable)[], onProgress?: (sent: number) => void): Readable {
  let sent = 0;
  async function* chunks(): AsyncGenerator<Buffer> {
    for (const piece of pieces) {
      const source: AsyncIterable<Buffer> | Buffer[] = Buffer.isBuffer(piece) ? slices(piece) : piece;
      for await (const chunk of source) {
        yield chunk;
        sent += chunk.length;
        onProgress?.(sent);
      }
    }
  }
  return Readable.from(chunks(), { objectMode: false });
}

function slices(b: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < b.length; i += SLICE) {
    out.push(b.subarray(i, i + SLICE));
  }
  return out.length ? out : [b];
}
