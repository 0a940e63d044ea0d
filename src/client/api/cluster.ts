import type { Cluster, ClusterMember, ClusterPut } from '../../generated';
import { OperationPromise } from '../operation';
import { CallOptions } from '../request';
import { path } from '../url';
import { ApiGroup, callOpts } from './base';

/** `/1.0/cluster`: whether the server is clustered, and its members. */
export class ClusterApi extends ApiGroup {
  get(opts?: CallOptions): Promise<Cluster> {
    return this.sync<Cluster>({ path: '/1.0/cluster', ...callOpts(opts) });
  }

  /** Enables clustering on a standalone server (or joins one), as `lxc cluster enable` does. */
  update(put: ClusterPut, opts?: CallOptions): OperationPromise {
    return this.operation({ method: 'PUT', path: '/1.0/cluster', body: put, ...callOpts(opts) });
  }

  /** Members of the cluster; empty on a standalone server. */
  async members(opts?: CallOptions): Promise<ClusterMember[]> {
    return this.fetchList<ClusterMember>({ path: '/1.0/cluster/members', query: { recursion: 1 }, ...callOpts(opts) });
  }

  member(name: string, opts?: CallOptions): Promise<ClusterMember> {
    return this.sync<ClusterMember>({ path: path`/1.0/cluster/members/${name}`, ...callOpts(opts) });
  }
}
