import type { Network, NetworkLease, NetworkPut, NetworkState, NetworksPost } from '../../generated';
import { ApiGroup, ListOptions, ProjectOptions, Tagged, WriteOptions, callOpts } from './base';

export interface NetworkCreateOptions extends ProjectOptions {
  /** Cluster member (a network on a cluster is first defined per member, then created). */
  target?: string;
}

/** `/1.0/networks`. */
export class NetworksApi extends ApiGroup {
  list(opts?: ListOptions): Promise<Network[]> {
    return this.listAll(opts, { extension: 'networks_all_projects', feature: 'features.networks' }, (query) =>
      this.fetchList('GET /1.0/networks', { query, recursion: 1, ...callOpts(opts) }),
    );
  }

  get(name: string, opts?: ProjectOptions): Promise<Network> {
    return this.sync('GET /1.0/networks/{name}', { path: { name }, query: { project: this.project(opts) }, ...callOpts(opts) });
  }

  getTagged(name: string, opts?: ProjectOptions): Promise<Tagged<Network>> {
    return this.tagged('GET /1.0/networks/{name}', { path: { name }, query: { project: this.project(opts) }, ...callOpts(opts) });
  }

  state(name: string, opts?: ProjectOptions): Promise<NetworkState> {
    return this.sync('GET /1.0/networks/{name}/state', { path: { name }, query: { project: this.project(opts) }, ...callOpts(opts) });
  }

  leases(name: string, opts?: ProjectOptions): Promise<NetworkLease[]> {
    return this.fetchList('GET /1.0/networks/{name}/leases', { path: { name }, query: { project: this.project(opts) }, ...callOpts(opts) });
  }

  async create(network: NetworksPost, opts?: NetworkCreateOptions): Promise<void> {
    await this.sync('POST /1.0/networks', {
      query: { project: this.project(opts), target: opts?.target },
      body: network,
      ...callOpts(opts),
    });
  }

  update(name: string, put: NetworkPut, opts?: WriteOptions): Promise<void> {
    return this.apply('PUT /1.0/networks/{name}', {
      path: { name },
      query: { project: this.project(opts) },
      body: put,
      etag: opts?.etag,
      ...callOpts(opts),
    });
  }

  patch(name: string, patch: Partial<NetworkPut>, opts?: WriteOptions): Promise<void> {
    return this.apply('PATCH /1.0/networks/{name}', {
      path: { name },
      query: { project: this.project(opts) },
      body: patch,
      etag: opts?.etag,
      ...callOpts(opts),
    });
  }

  async rename(name: string, newName: string, opts?: ProjectOptions): Promise<void> {
    await this.sync('POST /1.0/networks/{name}', {
      path: { name },
      query: { project: this.project(opts) },
      body: { name: newName },
      ...callOpts(opts),
    });
  }

  async delete(name: string, opts?: ProjectOptions): Promise<void> {
    await this.sync('DELETE /1.0/networks/{name}', { path: { name }, query: { project: this.project(opts) }, ...callOpts(opts) });
  }
}
