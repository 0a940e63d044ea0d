import type {
  ResourcesStoragePool,
  StoragePool,
  StoragePoolPut,
  StoragePoolsPost,
  StorageVolume,
  StorageVolumePut,
  StorageVolumeSnapshot,
  StorageVolumeState,
  StorageVolumesPost,
} from '../../generated';
import { ApiError } from '../errors';
import { OperationPromise } from '../operation';
import { CallOptions } from '../request';
import { ApiGroup, ListOptions, ProjectOptions, Tagged, WriteOptions, callOpts } from './base';

/** `custom` volumes are the user's; `container`, `virtual-machine` and `image` volumes belong to LXD. */
export type VolumeType = 'custom' | 'container' | 'virtual-machine' | 'image';

export interface VolumeRef {
  pool: string;
  type: VolumeType;
  name: string;
}

/** `/1.0/storage-pools` and their volumes. */
export class StorageApi extends ApiGroup {
  pools(opts?: CallOptions): Promise<StoragePool[]> {
    return this.fetchList('GET /1.0/storage-pools', { recursion: 1, ...callOpts(opts) });
  }

  pool(name: string, opts?: CallOptions & { target?: string }): Promise<StoragePool> {
    return this.sync('GET /1.0/storage-pools/{poolName}', { path: { poolName: name }, query: { target: opts?.target }, ...callOpts(opts) });
  }

  poolTagged(name: string, opts?: CallOptions): Promise<Tagged<StoragePool>> {
    return this.tagged('GET /1.0/storage-pools/{poolName}', { path: { poolName: name }, ...callOpts(opts) });
  }

  /** Space used and available in a pool. */
  poolResources(name: string, opts?: CallOptions): Promise<ResourcesStoragePool> {
    return this.sync('GET /1.0/storage-pools/{name}/resources', { path: { name }, ...callOpts(opts) });
  }

  async createPool(pool: StoragePoolsPost, opts?: CallOptions & { target?: string }): Promise<void> {
    await this.sync('POST /1.0/storage-pools', { query: { target: opts?.target }, body: pool, ...callOpts(opts) });
  }

  updatePool(name: string, put: StoragePoolPut, opts?: CallOptions & { etag?: string }): Promise<void> {
    return this.apply('PUT /1.0/storage-pools/{poolName}', { path: { poolName: name }, body: put, etag: opts?.etag, ...callOpts(opts) });
  }

  async deletePool(name: string, opts?: CallOptions): Promise<void> {
    await this.sync('DELETE /1.0/storage-pools/{poolName}', { path: { poolName: name }, ...callOpts(opts) });
  }

  /** Volumes of a pool, every type unless one is given. */
  volumes(pool: string, opts?: ListOptions & { type?: VolumeType }): Promise<StorageVolume[]> {
    const type = opts?.type;
    return this.listAll(opts, { extension: 'storage_volumes_all_projects', feature: 'features.storage.volumes' }, (query) =>
      type
        ? this.fetchList('GET /1.0/storage-pools/{poolName}/volumes/{type}', {
            path: { poolName: pool, type },
            query,
            recursion: 1,
            ...callOpts(opts),
          })
        : this.fetchList('GET /1.0/storage-pools/{poolName}/volumes', { path: { poolName: pool }, query, recursion: 1, ...callOpts(opts) }),
    );
  }

  volume(ref: VolumeRef, opts?: ProjectOptions): Promise<StorageVolume> {
    return this.sync('GET /1.0/storage-pools/{poolName}/volumes/{type}/{volumeName}', {
      path: volumeParams(ref),
      query: { project: this.project(opts) },
      ...callOpts(opts),
    });
  }

  volumeTagged(ref: VolumeRef, opts?: ProjectOptions): Promise<Tagged<StorageVolume>> {
    return this.tagged('GET /1.0/storage-pools/{poolName}/volumes/{type}/{volumeName}', {
      path: volumeParams(ref),
      query: { project: this.project(opts) },
      ...callOpts(opts),
    });
  }

  /**
   * A volume's live usage; no `usage` where the pool cannot measure it. On a `dir` pool without
   * project quotas Incus answers `usage: null` and LXD 5.0 fails the request (500 "Not supported").
   */
  async volumeState(ref: VolumeRef, opts?: ProjectOptions): Promise<StorageVolumeState> {
    try {
      const state = await this.sync('GET /1.0/storage-pools/{poolName}/volumes/{type}/{volumeName}/state', {
        path: volumeParams(ref),
        query: { project: this.project(opts) },
        ...callOpts(opts),
      });
      return state?.usage ? state : {};
    } catch (e) {
      if (e instanceof ApiError && e.status === 500 && (await this.unmeasurable(ref.pool, opts))) {
        return {};
      }
      throw e;
    }
  }

  private async unmeasurable(pool: string, opts?: CallOptions): Promise<boolean> {
    const [kind, info] = await Promise.all([this.ctx.kind(opts), this.pool(pool, callOpts(opts)).catch(() => undefined)]);
    return kind === 'lxd' && info?.driver === 'dir';
  }

  /** Creates a custom volume (LXD answers sync for an empty volume and with an operation for a copy). */
  createVolume(pool: string, volume: StorageVolumesPost, opts?: ProjectOptions & { target?: string }): OperationPromise {
    return this.operation('POST /1.0/storage-pools/{poolName}/volumes/{type}', {
      path: { poolName: pool, type: 'custom' },
      query: { project: this.project(opts), target: opts?.target },
      body: { type: 'custom', ...volume },
      ...callOpts(opts),
    });
  }

  updateVolume(ref: VolumeRef, put: StorageVolumePut, opts?: WriteOptions): Promise<void> {
    return this.apply('PUT /1.0/storage-pools/{poolName}/volumes/{type}/{volumeName}', {
      path: volumeParams(ref),
      query: { project: this.project(opts) },
      body: put,
      etag: opts?.etag,
      ...callOpts(opts),
    });
  }

  patchVolume(ref: VolumeRef, patch: Partial<StorageVolumePut>, opts?: WriteOptions): Promise<void> {
    return this.apply('PATCH /1.0/storage-pools/{poolName}/volumes/{type}/{volumeName}', {
      path: volumeParams(ref),
      query: { project: this.project(opts) },
      body: patch,
      etag: opts?.etag,
      ...callOpts(opts),
    });
  }

  renameVolume(ref: VolumeRef, newName: string, opts?: ProjectOptions): OperationPromise {
    return this.operation('POST /1.0/storage-pools/{poolName}/volumes/{type}/{volumeName}', {
      path: volumeParams(ref),
      query: { project: this.project(opts) },
      body: { name: newName },
      ...callOpts(opts),
    });
  }

  deleteVolume(ref: VolumeRef, opts?: ProjectOptions): Promise<void> {
    return this.apply('DELETE /1.0/storage-pools/{poolName}/volumes/{type}/{volumeName}', {
      path: volumeParams(ref),
      query: { project: this.project(opts) },
      ...callOpts(opts),
    });
  }

  volumeSnapshots(ref: VolumeRef, opts?: ProjectOptions): Promise<StorageVolumeSnapshot[]> {
    return this.fetchList('GET /1.0/storage-pools/{poolName}/volumes/{type}/{volumeName}/snapshots', {
      path: volumeParams(ref),
      query: { project: this.project(opts) },
      recursion: 1,
      ...callOpts(opts),
    });
  }

  createVolumeSnapshot(ref: VolumeRef, name: string, opts?: ProjectOptions & { expiresAt?: Date }): OperationPromise {
    return this.operation('POST /1.0/storage-pools/{poolName}/volumes/{type}/{volumeName}/snapshots', {
      path: volumeParams(ref),
      query: { project: this.project(opts) },
      body: { name, expires_at: opts?.expiresAt?.toISOString() },
      ...callOpts(opts),
    });
  }

  deleteVolumeSnapshot(ref: VolumeRef, name: string, opts?: ProjectOptions): OperationPromise {
    return this.operation('DELETE /1.0/storage-pools/{poolName}/volumes/{type}/{volumeName}/snapshots/{snapshotName}', {
      path: { ...volumeParams(ref), snapshotName: name },
      query: { project: this.project(opts) },
      ...callOpts(opts),
    });
  }

  /** Restores a volume snapshot: a PUT of the volume with `restore`. */
  restoreVolumeSnapshot(ref: VolumeRef, name: string, opts?: ProjectOptions): Promise<void> {
    return this.apply('PUT /1.0/storage-pools/{poolName}/volumes/{type}/{volumeName}', {
      path: volumeParams(ref),
      query: { project: this.project(opts) },
      body: { restore: name },
      ...callOpts(opts),
    });
  }
}

/** The path parameters of a volume's endpoints. */
function volumeParams(ref: VolumeRef): { poolName: string; type: string; volumeName: string } {
  return { poolName: ref.pool, type: ref.type, volumeName: ref.name };
}
