import type { MetadataConfiguration, Resources, Server, ServerPut } from '../../generated';
import { CallOptions } from '../request';
import { ApiGroup, Tagged, callOpts } from './base';

export type ServerKind = 'lxd' | 'incus';

/** `/1.0`: the server's identity, configuration and API extensions. */
export class ServerApi extends ApiGroup {
  /** Always fetched anew; `Client.server()` keeps a cached copy. */
  get(opts?: CallOptions & { target?: string }): Promise<Server> {
    return this.sync('GET /1.0', { query: { target: opts?.target }, ...callOpts(opts) });
  }

  getTagged(opts?: CallOptions): Promise<Tagged<Server>> {
    return this.tagged('GET /1.0', callOpts(opts));
  }

  /** Merges server configuration keys; a key set to `""` is removed. */
  patch(config: Record<string, string>, opts?: CallOptions & { etag?: string }): Promise<void> {
    return this.apply('PATCH /1.0', { body: { config }, etag: opts?.etag, ...callOpts(opts) });
  }

  update(put: ServerPut, opts?: CallOptions & { etag?: string }): Promise<void> {
    return this.apply('PUT /1.0', { body: put, etag: opts?.etag, ...callOpts(opts) });
  }

  /**
   * The configuration keys the server knows, with their descriptions (`GET /1.0/metadata/configuration`,
   * extension `metadata_configuration`: Incus; LXD 5.0 answers 404).
   */
  async configMetadata(opts?: CallOptions): Promise<MetadataConfiguration> {
    const reply = await this.sync('GET /1.0/metadata/configuration', callOpts(opts));
    if (typeof reply !== 'object' || reply === null) {
      throw new Error('The server answered GET /1.0/metadata/configuration without metadata');
    }
    return reply;
  }

  /** Hardware of the host (CPU, memory, GPUs, disks…). */
  resources(opts?: CallOptions): Promise<Resources> {
    return this.sync('GET /1.0/resources', callOpts(opts));
  }
}

/**
 * LXD or Incus. A trusted client reads `environment.server`; an untrusted one sees no environment, so
 * the extension list decides (Incus renamed LXD's `devlxd_*` extensions to `dev_incus_*`).
 */
export function serverKind(server: Pick<Server, 'environment' | 'api_extensions'>): ServerKind {
  const declared = server.environment?.server;
  if (declared === 'incus' || declared === 'lxd') {
    return declared;
  }
  return server.api_extensions?.some((e) => e.startsWith('dev_incus')) ? 'incus' : 'lxd';
}

/** `X-LXD-` or `X-Incus-`: each server accepts only its own custom header names. */
export function headerPrefix(server: Pick<Server, 'environment' | 'api_extensions'>): string {
  return serverKind(server) === 'incus' ? 'X-Incus-' : 'X-LXD-';
}
