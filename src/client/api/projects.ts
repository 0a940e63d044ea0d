import type { Project, ProjectPut, ProjectState, ProjectsPost } from '../../generated';
import { CallOptions } from '../request';
import { path } from '../url';
import { ApiGroup, Tagged, callOpts } from './base';

/** `/1.0/projects`. Projects are global: no `project` option here. */
export class ProjectsApi extends ApiGroup {
  list(opts?: CallOptions): Promise<Project[]> {
    return this.fetchList<Project>({ path: '/1.0/projects', query: { recursion: 1 }, ...callOpts(opts) });
  }

  get(name: string, opts?: CallOptions): Promise<Project> {
    return this.sync<Project>({ path: path`/1.0/projects/${name}`, ...callOpts(opts) });
  }

  getTagged(name: string, opts?: CallOptions): Promise<Tagged<Project>> {
    return this.tagged<Project>({ path: path`/1.0/projects/${name}`, ...callOpts(opts) });
  }

  /** Resource usage against the project's limits. */
  state(name: string, opts?: CallOptions): Promise<ProjectState> {
    return this.sync<ProjectState>({ path: path`/1.0/projects/${name}/state`, ...callOpts(opts) });
  }

  async create(project: ProjectsPost, opts?: CallOptions): Promise<void> {
    await this.sync({ method: 'POST', path: '/1.0/projects', body: project, ...callOpts(opts) });
  }

  update(name: string, put: ProjectPut, opts?: CallOptions & { etag?: string }): Promise<void> {
    return this.apply({ method: 'PUT', path: path`/1.0/projects/${name}`, body: put, etag: opts?.etag, ...callOpts(opts) });
  }

  patch(name: string, patch: Partial<ProjectPut>, opts?: CallOptions & { etag?: string }): Promise<void> {
    return this.apply({ method: 'PATCH', path: path`/1.0/projects/${name}`, body: patch, etag: opts?.etag, ...callOpts(opts) });
  }

  rename(name: string, newName: string, opts?: CallOptions): Promise<void> {
    return this.apply({ method: 'POST', path: path`/1.0/projects/${name}`, body: { name: newName }, ...callOpts(opts) });
  }

  async delete(name: string, opts?: CallOptions): Promise<void> {
    await this.sync({ method: 'DELETE', path: path`/1.0/projects/${name}`, ...callOpts(opts) });
  }
}
