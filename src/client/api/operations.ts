import type { Operation } from '../../generated';
import { OperationHandle } from '../operation';
import { ApiGroup, ListOptions, ProjectOptions, callOpts } from './base';

/** `/1.0/operations`: background work on the daemon. */
export class OperationsApi extends ApiGroup {
  /** Every operation, whatever its status (LXD groups them by status; this flattens the groups). */
  list(opts?: ListOptions): Promise<Operation[]> {
    return this.listAll(opts, { extension: 'operations_get_query_all_projects' }, async (query) => {
      const byStatus = await this.sync('GET /1.0/operations', { query, recursion: 1, ...callOpts(opts) });
      return Object.values(byStatus ?? {}).flatMap((ops) => ops ?? []);
    });
  }

  get(id: string, opts?: ProjectOptions): Promise<Operation> {
    return this.sync('GET /1.0/operations/{id}', { path: { id }, query: { project: this.project(opts) }, ...callOpts(opts) });
  }

  /** A handle to wait for or cancel an operation someone else started. */
  async handle(id: string, opts?: ProjectOptions): Promise<OperationHandle> {
    const op = await this.get(id, opts);
    return new OperationHandle(this.ctx.requester, id, op, this.project(opts));
  }

  async cancel(id: string, opts?: ProjectOptions): Promise<void> {
    await this.sync('DELETE /1.0/operations/{id}', { path: { id }, query: { project: this.project(opts) }, ...callOpts(opts) });
  }
}
