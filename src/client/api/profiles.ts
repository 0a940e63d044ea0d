import type { Profile, ProfilePut, ProfilesPost } from '../../generated';
import { ApiGroup, ProjectOptions, Tagged, WriteOptions, callOpts } from './base';

/** `/1.0/profiles`. */
export class ProfilesApi extends ApiGroup {
  list(opts?: ProjectOptions): Promise<Profile[]> {
    return this.fetchList('GET /1.0/profiles', { query: { project: this.project(opts) }, recursion: 1, ...callOpts(opts) });
  }

  get(name: string, opts?: ProjectOptions): Promise<Profile> {
    return this.sync('GET /1.0/profiles/{name}', { path: { name }, query: { project: this.project(opts) }, ...callOpts(opts) });
  }

  getTagged(name: string, opts?: ProjectOptions): Promise<Tagged<Profile>> {
    return this.tagged('GET /1.0/profiles/{name}', { path: { name }, query: { project: this.project(opts) }, ...callOpts(opts) });
  }

  async create(profile: ProfilesPost, opts?: ProjectOptions): Promise<void> {
    await this.sync('POST /1.0/profiles', { query: { project: this.project(opts) }, body: profile, ...callOpts(opts) });
  }

  update(name: string, put: ProfilePut, opts?: WriteOptions): Promise<void> {
    return this.apply('PUT /1.0/profiles/{name}', {
      path: { name },
      query: { project: this.project(opts) },
      body: put,
      etag: opts?.etag,
      ...callOpts(opts),
    });
  }

  patch(name: string, patch: Partial<ProfilePut>, opts?: WriteOptions): Promise<void> {
    return this.apply('PATCH /1.0/profiles/{name}', {
      path: { name },
      query: { project: this.project(opts) },
      body: patch,
      etag: opts?.etag,
      ...callOpts(opts),
    });
  }

  async rename(name: string, newName: string, opts?: ProjectOptions): Promise<void> {
    await this.sync('POST /1.0/profiles/{name}', {
      path: { name },
      query: { project: this.project(opts) },
      body: { name: newName },
      ...callOpts(opts),
    });
  }

  async delete(name: string, opts?: ProjectOptions): Promise<void> {
    await this.sync('DELETE /1.0/profiles/{name}', { path: { name }, query: { project: this.project(opts) }, ...callOpts(opts) });
  }
}
