import type { Image, ImageAliasesEntry, ImagePut, ImagesPost } from '../../generated';
import type { Readable } from 'node:stream';
import { OperationPromise, operationPromise } from '../operation';
import { headerPrefix } from './server';
import { path } from '../url';
import { ApiGroup, ListOptions, ProjectOptions, Tagged, WriteOptions, callOpts } from './base';

/** `/1.0/images` and `/1.0/images/aliases`. */
export class ImagesApi extends ApiGroup {
  list(opts?: ListOptions): Promise<Image[]> {
    return this.fetchList<Image>({ path: '/1.0/images', query: this.listQuery(opts, { recursion: 1 }), ...callOpts(opts) });
  }

  get(fingerprint: string, opts?: ProjectOptions): Promise<Image> {
    return this.sync<Image>({ path: path`/1.0/images/${fingerprint}`, query: { project: this.project(opts) }, ...callOpts(opts) });
  }

  getTagged(fingerprint: string, opts?: ProjectOptions): Promise<Tagged<Image>> {
    return this.tagged<Image>({ path: path`/1.0/images/${fingerprint}`, query: { project: this.project(opts) }, ...callOpts(opts) });
  }

  update(fingerprint: string, put: ImagePut, opts?: WriteOptions): Promise<void> {
    return this.apply({ method: 'PUT', path: path`/1.0/images/${fingerprint}`, query: { project: this.project(opts) }, body: put, etag: opts?.etag, ...callOpts(opts) });
  }

  patch(fingerprint: string, patch: Partial<ImagePut>, opts?: WriteOptions): Promise<void> {
    return this.apply({ method: 'PATCH', path: path`/1.0/images/${fingerprint}`, query: { project: this.project(opts) }, body: patch, etag: opts?.etag, ...callOpts(opts) });
  }

  delete(fingerprint: string, opts?: ProjectOptions): OperationPromise {
    return this.operation({ method: 'DELETE', path: path`/1.0/images/${fingerprint}`, query: { project: this.project(opts) }, ...callOpts(opts) });
  }

  /** Copies an image from another server, or publishes an instance or snapshot as an image. */
  create(request: ImagesPost, opts?: ProjectOptions): OperationPromise {
    return this.operation({ method: 'POST', path: '/1.0/images', query: { project: this.project(opts) }, body: request, ...callOpts(opts) });
  }

  /**
   * Uploads a unified image tarball (metadata and rootfs in one). Split images go through
   * `lxc image import`'s multipart form, which this client does not build.
   */
  upload(tarball: Buffer | Readable, opts?: ProjectOptions & { public?: boolean; filename?: string }): OperationPromise {
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
        return this.operation({ method: 'POST', path: '/1.0/images', query: { project: this.project(opts) }, raw: tarball, headers, timeoutMs: opts?.timeoutMs ?? 0, signal: opts?.signal });
      }),
    );
  }

  /** Re-downloads an image from its source (images with `auto_update`). */
  refresh(fingerprint: string, opts?: ProjectOptions): OperationPromise {
    return this.operation({ method: 'POST', path: path`/1.0/images/${fingerprint}/refresh`, query: { project: this.project(opts) }, ...callOpts(opts) });
  }

  aliases(opts?: ListOptions): Promise<ImageAliasesEntry[]> {
    return this.fetchList<ImageAliasesEntry>({ path: '/1.0/images/aliases', query: this.listQuery(opts, { recursion: 1 }), ...callOpts(opts) });
  }

  alias(name: string, opts?: ProjectOptions): Promise<ImageAliasesEntry> {
    return this.sync<ImageAliasesEntry>({ path: path`/1.0/images/aliases/${name}`, query: { project: this.project(opts) }, ...callOpts(opts) });
  }

  async addAlias(name: string, fingerprint: string, opts?: ProjectOptions & { description?: string }): Promise<void> {
    await this.sync({ method: 'POST', path: '/1.0/images/aliases', query: { project: this.project(opts) }, body: { name, target: fingerprint, description: opts?.description ?? '' }, ...callOpts(opts) });
  }

  async renameAlias(name: string, newName: string, opts?: ProjectOptions): Promise<void> {
    await this.sync({ method: 'POST', path: path`/1.0/images/aliases/${name}`, query: { project: this.project(opts) }, body: { name: newName }, ...callOpts(opts) });
  }

  async deleteAlias(name: string, opts?: ProjectOptions): Promise<void> {
    await this.sync({ method: 'DELETE', path: path`/1.0/images/aliases/${name}`, query: { project: this.project(opts) }, ...callOpts(opts) });
  }
}
