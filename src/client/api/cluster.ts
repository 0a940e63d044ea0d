import type { Cluster, ClusterMember, ClusterPut } from '../../generated';
import { ApiError } from '../errors';
import { OperationPromise } from '../operation';
import { CallOptions } from '../request';
import { ApiGroup, callOpts } from './base';

/** `/1.0/cluster`: whether the server is clustered, and its members. */
export class ClusterApi extends ApiGroup {
  get(opts?: CallOptions): Promise<Cluster> {
    return this.sync('GET /1.0/cluster', callOpts(opts));
  }

  /** Enables clustering on a standalone server (or joins one), as `lxc cluster enable` does. */
  update(put: ClusterPut, opts?: CallOptions): OperationPromise {
    return this.operation('PUT /1.0/cluster', { body: put, ...callOpts(opts) });
  }

  /**
   * Members of the cluster; empty on a standalone server, which refuses the list itself (LXD 5.0 and
   * Incus answer 500 "Server is not clustered"): `/1.0/cluster` then says whether that was the reason.
   */
  async members(opts?: CallOptions): Promise<ClusterMember[]> {
    try {
      return await this.fetchList('GET /1.0/cluster/members', { recursion: 1, ...callOpts(opts) });
    } catch (e) {
      if (
        e instanceof ApiError &&
        (await this.get(opts).then(
          (c) => !c.enabled,
          () => false,
        ))
      ) {
        return [];
      }
      throw e;
    }
  }

  member(name: string, opts?: CallOptions): Promise<ClusterMember> {
    return this.sync('GET /1.0/cluster/members/{name}', { path: { name }, ...callOpts(opts) });
  }
}
