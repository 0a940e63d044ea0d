import type { Warning } from '../../generated';
import { path } from '../url';
import { ApiGroup, ListOptions, callOpts } from './base';
import { CallOptions } from '../request';

/** `/1.0/warnings`: problems the daemon noticed (missing kernel features, failed updates). */
export class WarningsApi extends ApiGroup {
  list(opts?: ListOptions): Promise<Warning[]> {
    return this.fetchList<Warning>({ path: '/1.0/warnings', query: this.listQuery(opts, { recursion: 1 }), ...callOpts(opts) });
  }

  get(uuid: string, opts?: CallOptions): Promise<Warning> {
    return this.sync<Warning>({ path: path`/1.0/warnings/${uuid}`, ...callOpts(opts) });
  }

  /** Acknowledges a warning (hides it until it happens again) or marks it new again. */
  setStatus(uuid: string, status: 'acknowledged' | 'new', opts?: CallOptions): Promise<void> {
    return this.apply({ method: 'PUT', path: path`/1.0/warnings/${uuid}`, body: { status }, ...callOpts(opts) });
  }

  async delete(uuid: string, opts?: CallOptions): Promise<void> {
    await this.sync({ method: 'DELETE', path: path`/1.0/warnings/${uuid}`, ...callOpts(opts) });
  }
}
