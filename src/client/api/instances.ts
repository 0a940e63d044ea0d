import type {
  Instance,
  InstanceFull,
  InstancePut,
  InstanceSnapshot,
  InstanceState,
  InstanceStatePut,
  InstancesPost,
} from '../../generated';
import type { Endpoints } from '../endpoint';
import { LOG_BODY_LIMIT, readText } from '../body';
import { OperationPromise, WaitOptions } from '../operation';
import { nameFromUrl } from '../url';
import { ApiGroup, ListOptions, ProjectOptions, Tagged, WriteOptions, callOpts } from './base';
import { InstanceBuilder } from './builders';

export interface InstanceListOptions extends ListOptions {
  /** Only containers or only virtual machines. */
  instanceType?: 'container' | 'virtual-machine';
}

export interface StopOptions extends ProjectOptions {
  /** Kill instead of a clean shutdown. */
  force?: boolean;
  /**
   * Seconds to wait for a clean shutdown before LXD gives up with an error. LXD's default (-1)
   * waits forever; `0` kills at once.
   */
  timeout?: number;
  /** Save the running state (CRIU / VM state) to restore on the next start. */
  stateful?: boolean;
}

export interface StartOptions extends ProjectOptions {
  /** Restore the state saved by a stateful stop. */
  stateful?: boolean;
}

export interface CreateOptions extends ProjectOptions {
  /** Cluster member to create the instance on. */
  target?: string;
}

export type LaunchOptions = CreateOptions & Pick<WaitOptions, 'onProgress' | 'timeoutMs' | 'cancelGraceMs'>;

export type InstanceAction = 'start' | 'stop' | 'restart' | 'freeze' | 'unfreeze';

/** `/1.0/instances`: containers and virtual machines, their state, snapshots and logs. */
export class InstancesApi extends ApiGroup {
  /** Instance objects (recursion=1): the fast list, without state. */
  list(opts?: InstanceListOptions): Promise<Instance[]> {
    return this.fetchList('GET /1.0/instances', { query: this.instanceQuery(opts), recursion: 1, ...callOpts(opts) });
  }

  /** Instance names only (recursion=0). */
  async names(opts?: InstanceListOptions): Promise<string[]> {
    const urls = await this.fetchList('GET /1.0/instances', { query: this.instanceQuery(opts), ...callOpts(opts) });
    return urls.map(nameFromUrl);
  }

  /** Instances with state, snapshots and backups (recursion=2): what `lxc list` shows, and slower. */
  listFull(opts?: InstanceListOptions): Promise<InstanceFull[]> {
    return this.fetchList('GET /1.0/instances', { query: this.instanceQuery(opts), recursion: 2, ...callOpts(opts) });
  }

  get(name: string, opts?: ProjectOptions): Promise<Instance> {
    return this.sync('GET /1.0/instances/{name}', { path: { name }, query: { project: this.project(opts) }, ...callOpts(opts) });
  }

  /** The instance and its ETag, for an update that must not overwrite someone else's change. */
  getTagged(name: string, opts?: ProjectOptions): Promise<Tagged<Instance>> {
    return this.tagged('GET /1.0/instances/{name}', { path: { name }, query: { project: this.project(opts) }, ...callOpts(opts) });
  }

  /** The instance with state, snapshots and backups in one call (extension `instance_get_full`). */
  getFull(name: string, opts?: ProjectOptions): Promise<InstanceFull> {
    return this.sync('GET /1.0/instances/{name}', {
      path: { name },
      query: { project: this.project(opts) },
      recursion: 1,
      ...callOpts(opts),
    });
  }

  state(name: string, opts?: ProjectOptions): Promise<InstanceState> {
    return this.sync('GET /1.0/instances/{name}/state', { path: { name }, query: { project: this.project(opts) }, ...callOpts(opts) });
  }

  /** Creates an instance; `wait()` on the result to know it exists. See `launch` to also start it. */
  create(request: InstancesPost | InstanceBuilder, opts?: CreateOptions): OperationPromise {
    const body = request instanceof InstanceBuilder ? request.build() : request;
    return this.operation('POST /1.0/instances', { query: { project: this.project(opts), target: opts?.target }, body, ...callOpts(opts) });
  }

  /**
   * Creates and starts an instance, in one request where the server supports it
   * (`instance_create_start`), otherwise in two.
   */
  async launch(request: InstancesPost | InstanceBuilder, opts?: LaunchOptions): Promise<void> {
    const body = { ...(request instanceof InstanceBuilder ? request.build() : request) };
    const inOne = await this.ctx.hasExtension('instance_create_start', opts);
    if (inOne) {
      body.start = true;
    } else {
      delete body.start;
    }
    await this.create(body, opts).wait({
      onProgress: opts?.onProgress,
      signal: opts?.signal,
      timeoutMs: opts?.timeoutMs,
      cancelGraceMs: opts?.cancelGraceMs,
    });
    if (!inOne) {
      await this.start(body.name!, opts).wait({ signal: opts?.signal });
    }
  }

  /** Replaces the writable configuration (PUT). Read it with `getTagged` and pass the ETag. */
  update(name: string, put: InstancePut, opts?: WriteOptions): OperationPromise {
    return this.operation('PUT /1.0/instances/{name}', {
      path: { name },
      query: { project: this.project(opts) },
      body: put,
      etag: opts?.etag,
      ...callOpts(opts),
    });
  }

  /** Merges config keys and devices (PATCH); a config key set to `""` is removed. */
  patch(name: string, patch: Partial<InstancePut>, opts?: WriteOptions): Promise<void> {
    return this.apply('PATCH /1.0/instances/{name}', {
      path: { name },
      query: { project: this.project(opts) },
      body: patch,
      etag: opts?.etag,
      ...callOpts(opts),
    });
  }

  rename(name: string, newName: string, opts?: ProjectOptions): OperationPromise {
    return this.operation('POST /1.0/instances/{name}', {
      path: { name },
      query: { project: this.project(opts) },
      body: { name: newName },
      ...callOpts(opts),
    });
  }

  delete(name: string, opts?: ProjectOptions): OperationPromise {
    return this.operation('DELETE /1.0/instances/{name}', { path: { name }, query: { project: this.project(opts) }, ...callOpts(opts) });
  }

  setState(name: string, put: InstanceStatePut, opts?: ProjectOptions): OperationPromise {
    return this.operation('PUT /1.0/instances/{name}/state', {
      path: { name },
      query: { project: this.project(opts) },
      body: put,
      ...callOpts(opts),
    });
  }

  start(name: string, opts?: StartOptions): OperationPromise {
    return this.setState(name, { action: 'start', stateful: opts?.stateful }, opts);
  }

  stop(name: string, opts?: StopOptions): OperationPromise {
    return this.setState(name, { action: 'stop', force: opts?.force, timeout: opts?.timeout, stateful: opts?.stateful }, opts);
  }

  restart(name: string, opts?: StopOptions): OperationPromise {
    return this.setState(name, { action: 'restart', force: opts?.force, timeout: opts?.timeout }, opts);
  }

  freeze(name: string, opts?: ProjectOptions): OperationPromise {
    return this.setState(name, { action: 'freeze' }, opts);
  }

  unfreeze(name: string, opts?: ProjectOptions): OperationPromise {
    return this.setState(name, { action: 'unfreeze' }, opts);
  }

  /** Log file names of the instance (`lxc info --show-log` reads `lxc.log`). */
  async logs(name: string, opts?: ProjectOptions): Promise<string[]> {
    const urls = await this.fetchList('GET /1.0/instances/{name}/logs', {
      path: { name },
      query: { project: this.project(opts) },
      ...callOpts(opts),
    });
    return urls.map(nameFromUrl);
  }

  async log(name: string, file: string, opts?: ProjectOptions): Promise<string> {
    const res = await this.stream('GET /1.0/instances/{name}/logs/{filename}', {
      path: { name, filename: file },
      query: { project: this.project(opts) },
      ...callOpts(opts),
    });
    return readText(res.body, LOG_BODY_LIMIT, `The log ${file} of ${name}`);
  }

  async deleteLog(name: string, file: string, opts?: ProjectOptions): Promise<void> {
    await this.sync('DELETE /1.0/instances/{name}/logs/{filename}', {
      path: { name, filename: file },
      query: { project: this.project(opts) },
      ...callOpts(opts),
    });
  }

  /**
   * The console ring buffer (containers; VMs on newer servers). A container whose console was never
   * set up answers 500 "open : no such file or directory": that is an empty log, not a failure.
   */
  async consoleLog(name: string, opts?: ProjectOptions): Promise<string> {
    try {
      const res = await this.stream('GET /1.0/instances/{name}/console', {
        path: { name },
        query: { project: this.project(opts) },
        ...callOpts(opts),
      });
      return await readText(res.body, LOG_BODY_LIMIT, `The console log of ${name}`);
    } catch (e) {
      if (
        (e as { status?: number; lxdMessage?: string }).status === 500 &&
        /no such file or directory/.test((e as { lxdMessage?: string }).lxdMessage ?? '')
      ) {
        return '';
      }
      throw e;
    }
  }

  async clearConsoleLog(name: string, opts?: ProjectOptions): Promise<void> {
    await this.sync('DELETE /1.0/instances/{name}/console', { path: { name }, query: { project: this.project(opts) }, ...callOpts(opts) });
  }

  /** Snapshots of an instance. */
  snapshots(name: string, opts?: ProjectOptions): Promise<InstanceSnapshot[]> {
    return this.fetchList('GET /1.0/instances/{name}/snapshots', {
      path: { name },
      query: { project: this.project(opts) },
      recursion: 1,
      ...callOpts(opts),
    });
  }

  snapshot(name: string, snapshot: string, opts?: ProjectOptions): Promise<InstanceSnapshot> {
    return this.sync('GET /1.0/instances/{name}/snapshots/{snapshot}', {
      path: { name, snapshot },
      query: { project: this.project(opts) },
      ...callOpts(opts),
    });
  }

  createSnapshot(name: string, snapshot: string, opts?: ProjectOptions & { stateful?: boolean; expiresAt?: Date }): OperationPromise {
    return this.operation('POST /1.0/instances/{name}/snapshots', {
      path: { name },
      query: { project: this.project(opts) },
      body: { name: snapshot, stateful: opts?.stateful ?? false, expires_at: opts?.expiresAt?.toISOString() },
      ...callOpts(opts),
    });
  }

  renameSnapshot(name: string, snapshot: string, newName: string, opts?: ProjectOptions): OperationPromise {
    return this.operation('POST /1.0/instances/{name}/snapshots/{snapshot}', {
      path: { name, snapshot },
      query: { project: this.project(opts) },
      body: { name: newName },
      ...callOpts(opts),
    });
  }

  deleteSnapshot(name: string, snapshot: string, opts?: ProjectOptions): OperationPromise {
    return this.operation('DELETE /1.0/instances/{name}/snapshots/{snapshot}', {
      path: { name, snapshot },
      query: { project: this.project(opts) },
      ...callOpts(opts),
    });
  }

  /** Restores a snapshot: LXD does it through a PUT of the instance with `restore`. */
  restoreSnapshot(name: string, snapshot: string, opts?: ProjectOptions & { stateful?: boolean }): OperationPromise {
    return this.operation('PUT /1.0/instances/{name}', {
      path: { name },
      query: { project: this.project(opts) },
      body: { restore: snapshot, stateful: opts?.stateful ?? false },
      ...callOpts(opts),
    });
  }

  private instanceQuery(opts?: InstanceListOptions): Endpoints['GET /1.0/instances']['query'] {
    return { ...this.listQuery(opts), 'instance-type': opts?.instanceType };
  }
}
