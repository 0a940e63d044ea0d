import type { Warning } from '../../generated';
import { ApiGroup, callOpts } from './base';
import { CallOptions } from '../request';

export interface WarningListOptions extends CallOptions {
  /** Only this project's warnings. Not the client's default project: see `list`. */
  project?: string;
}

/** `/1.0/warnings`: problems the daemon noticed (missing kernel features, failed updates). */
export class WarningsApi extends ApiGroup {
  /**
   * Every warning, the server's own (project `""`: missing kernel features, AppArmor…) included,
   * unless a project is named. A `project` filter drops the server's own warnings, so the client's
   * default project is not applied here.
   */
  list(opts?: WarningListOptions): Promise<Warning[]> {
    return this.fetchList('GET /1.0/warnings', { query: { project: opts?.project }, recursion: 1, ...callOpts(opts) });
  }

  get(uuid: string, opts?: CallOptions): Promise<Warning> {
    return this.sync('GET /1.0/warnings/{uuid}', { path: { uuid }, ...callOpts(opts) });
  }

  /** Acknowledges a warning (hides it until it happens again) or marks it new again. */
  setStatus(uuid: string, status: 'acknowledged' | 'new', opts?: CallOptions): Promise<void> {
    return this.apply('PUT /1.0/warnings/{uuid}', { path: { uuid }, body: { status }, ...callOpts(opts) });
  }

  async delete(uuid: string, opts?: CallOptions): Promise<void> {
    await this.sync('DELETE /1.0/warnings/{uuid}', { path: { uuid }, ...callOpts(opts) });
  }
}
