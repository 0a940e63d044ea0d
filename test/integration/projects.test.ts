import * as assert from 'node:assert/strict';
import { InstanceBuilder } from '../../src/client';
import { cli, query, queryMaybe, queryNames, urlNames } from '../support/cli';
import { apiError, forEachTarget, useSuite } from '../support/fixtures';
import { testbed, uniqueName } from '../support/testbed';

interface RawProject {
  name: string;
  description: string;
  config: Record<string, string>;
  used_by: string[] | null;
}

type Resources = Record<string, { Limit: number; Usage: number }>;

forEachTarget('projects', (target) => {
  const testProject = testbed().project;
  const s = useSuite(target);

  const raw = (name: string): RawProject | undefined => queryMaybe<RawProject>(target, `/1.0/projects/${name}`);

  /** A project of the suite's own (deleted after it, under its name and its renamed name). */
  const project = async (config: Record<string, string>): Promise<string> => {
    const name = uniqueName('proj');
    s.cleanup.defer(() => s.client.projects.delete(name));
    s.cleanup.defer(() => s.client.projects.delete(`${name}-b`));
    await s.client.projects.create({ name, config });
    return name;
  };

  it('creates a project with its own images and profiles, and the daemon gives it an empty default profile', async () => {
    const name = await project({ 'features.images': 'true', 'features.profiles': 'true', 'user.note': 'hello' });
    const p = raw(name)!;
    assert.equal(p.config['features.images'], 'true');
    assert.equal(p.config['features.profiles'], 'true');
    assert.equal(p.config['user.note'], 'hello');
    const own = query<{ devices: Record<string, unknown> }>(target, '/1.0/profiles/default', name);
    assert.deepEqual(own.devices, {});
    assert.equal((await s.client.projects.get(name)).name, name);
  });

  it('lists the projects, as the daemon does', async () => {
    const name = await project({});
    const names = (await s.client.projects.list()).map((p) => p.name);
    assert.ok(names.includes('default') && names.includes(testProject) && names.includes(name));
    assert.ok(queryNames(target, '/1.0/projects').includes(name));
  });

  it('says a project that does not exist is not found (404)', async () => {
    await assert.rejects(s.client.projects.get('lxdx-noproject'), apiError(404));
    await assert.rejects(s.client.projects.delete('lxdx-noproject'), apiError(404));
  });

  it("replaces a project's config with the ETag it read; a stale ETag gets 412 and changes nothing", async () => {
    const name = await project({ 'features.profiles': 'false' });
    const { value, etag } = await s.client.projects.getTagged(name);
    assert.ok(etag, 'a project GET carries an ETag');
    await s.client.projects.update(
      name,
      { config: { ...value.config, 'user.note': 'first' }, description: 'made by the client' },
      { etag },
    );
    assert.equal(raw(name)?.config['user.note'], 'first');

    await assert.rejects(s.client.projects.update(name, { config: { ...value.config, 'user.note': 'second' } }, { etag }), apiError(412));
    await assert.rejects(s.client.projects.patch(name, { description: 'stale' }, { etag }), apiError(412));
    const after = raw(name)!;
    assert.equal(after.config['user.note'], 'first');
    assert.equal(after.description, 'made by the client');
  });

  it('patches one config key and keeps the features, and removes a key patched to ""', async () => {
    const name = await project({ 'features.profiles': 'false', 'user.a': '1' });
    const before = raw(name)!.config;
    const { etag } = await s.client.projects.getTagged(name);
    await s.client.projects.patch(name, { config: { 'user.b': '2' } }, { etag });
    assert.deepEqual(raw(name)?.config, { ...before, 'user.b': '2' });
    await s.client.projects.patch(name, { config: { 'user.a': '' }, description: 'patched' });
    const { 'user.a': _removed, ...kept } = before;
    const after = raw(name)!;
    assert.deepEqual(after.config, { ...kept, 'user.b': '2' });
    assert.equal(after.description, 'patched');
  });

  it("shows the default project's images and profiles in a project with features.images and features.profiles off", async () => {
    const name = await project({ 'features.images': 'false', 'features.profiles': 'false' });
    const images = (await s.client.images.list({ project: name })).map((i) => i.fingerprint).sort();
    assert.deepEqual(images, queryNames(target, '/1.0/images', 'default').sort());
    const profiles = (await s.client.profiles.list({ project: name })).map((p) => p.name).sort();
    assert.deepEqual(profiles, queryNames(target, '/1.0/profiles', 'default').sort());
  });

  it("counts an instance against the project's limits, and refuses to delete or rename the project while it holds one", async () => {
    const name = await project({ 'features.profiles': 'true', 'limits.instances': '3' });
    cli(target, ['profile', 'device', 'add', 'default', 'root', 'disk', 'path=/', `pool=${target.pool}`, '--project', name]);
    const inst = uniqueName('projinst');
    s.cleanup.defer(() => s.client.instances.delete(inst, { project: name }).wait());
    await s.client.instances.create(new InstanceBuilder(inst).empty(), { project: name }).wait();

    const state = await s.client.projects.state(name);
    const resources = state.resources as Resources;
    assert.deepEqual(resources.instances, { Limit: 3, Usage: 1 });
    assert.deepEqual(resources.containers, { Limit: -1, Usage: 1 });
    assert.deepEqual(resources, query<{ resources: Resources }>(target, `/1.0/projects/${name}/state`).resources);
    assert.ok(urlNames((await s.client.projects.get(name)).used_by).includes(inst));

    // Both daemons refuse a delete with a 500 and a rename with a failed operation.
    await assert.rejects(s.client.projects.delete(name), apiError(500));
    await assert.rejects(s.client.projects.rename(name, `${name}-b`), apiError(400));
    assert.equal(raw(name)?.name, name);

    await s.client.instances.delete(inst, { project: name }).wait();
    assert.deepEqual(((await s.client.projects.state(name)).resources as Resources).instances, { Limit: 3, Usage: 0 });
  });

  it('renames an empty project and deletes it', async () => {
    const name = await project({ 'features.profiles': 'true', 'user.a': '1' });
    await s.client.projects.rename(name, `${name}-b`);
    assert.equal(raw(name), undefined);
    assert.equal(raw(`${name}-b`)?.config['user.a'], '1');
    await s.client.projects.delete(`${name}-b`);
    assert.equal(raw(`${name}-b`), undefined);
  });

  it('refuses to rename or delete the default project (403)', async () => {
    await assert.rejects(s.client.projects.rename('default', uniqueName('proj')), apiError(403));
    await assert.rejects(s.client.projects.delete('default'), apiError(403));
    assert.equal(raw('default')?.name, 'default');
  });
});
