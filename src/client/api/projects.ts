import type { Project, ProjectPut, ProjectState, ProjectsPost } from '../../generated';
import { CallOptions } from '../request';
import { ApiGroup, Tagged, callOpts } from './base';

/** `/1.0/projects`. Projects are global: no `project` option here. */
export class ProjectsApi extends ApiGroup {
  list(opts?: CallOptions): Promise<Project[]> {
    return this.fetchList('GET /1.0/projects', { recursion: 1, ...callOpts(opts) });
  }

  get(name: string, opts?: CallOptions): Promise<Project> {
    return this.sync('GET /1.0/projects/{name}', { path: { name }, ...callOpts(opts) });
  }

  getTagged(name: string, opts?: CallOptions): Promise<Tagged<Project>> {
    return this.tagged('GET /1.0/projects/{name}', { path: { name }, ...callOpts(opts) });
  }

  /** Resource usage against the project's limits. */
  state(name: string, opts?: CallOptions): Promise<ProjectState> {
    return this.sync('GET /1.0/projects/{name}/state', { path: { name }, ...callOpts(opts) });
  }

  async create(project: ProjectsPost, opts?: CallOptions): Promise<void> {
    await this.sync('POST /1.0/projects', { body: project, ...callOpts(opts) });
  }

  update(name: string, put: ProjectPut, opts?: CallOptions & { etag?: string }): Promise<void> {
    return this.apply('PUT /1.0/projects/{name}', { path: { name }, body: put, etag: opts?.etag, ...callOpts(opts) });
  }

  /**
   * Merges config keys (a key set to `""` is removed) and the description. LXD 5.0 and Incus 6.0
   * answer a project PATCH that carries `config` by replacing the whole config with it (dropping
   * `features.*`, or failing halfway), so the merge is done here: read, merge, then PUT guarded by
   * the caller's ETag, or else by the one just read.
   */
  async patch(name: string, patch: Partial<ProjectPut>, opts?: CallOptions & { etag?: string }): Promise<void> {
    const { value, etag } = await this.getTagged(name, callOpts(opts));
    const config: Record<string, string> = { ...value.config };
    for (const [key, v] of Object.entries(patch.config ?? {})) {
      if (v === '') {
        delete config[key];
      } else {
        config[key] = v;
      }
    }
    await this.update(
      name,
      { config, description: patch.description ?? value.description },
      { ...callOpts(opts), etag: opts?.etag ?? etag },
    );
  }

  rename(name: string, newName: string, opts?: CallOptions): Promise<void> {
    return this.apply('POST /1.0/projects/{name}', { path: { name }, body: { name: newName }, ...callOpts(opts) });
  }

  async delete(name: string, opts?: CallOptions): Promise<void> {
    await this.sync('DELETE /1.0/projects/{name}', { path: { name }, ...callOpts(opts) });
  }
}
