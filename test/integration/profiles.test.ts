import * as assert from 'node:assert/strict';
import { cli, query, queryMaybe, queryNames } from '../support/cli';
import { apiError, forEachTarget, useSuite } from '../support/fixtures';
import { testbed, uniqueName } from '../support/testbed';

interface RawProfile {
  name: string;
  description: string;
  config: Record<string, string>;
  devices: Record<string, Record<string, string>>;
  used_by: string[] | null;
}

/** A disk device that needs nothing from the host but /tmp (test instances get no NIC). */
const TMP_DISK = { type: 'disk', source: '/tmp', path: '/mnt/host-tmp' };

forEachTarget('profiles', (target) => {
  const project = testbed().project;
  const s = useSuite(target);

  const raw = (name: string): RawProfile | undefined => queryMaybe<RawProfile>(target, `/1.0/profiles/${name}`, project);

  const profile = async (
    init: { config?: Record<string, string>; devices?: Record<string, Record<string, string>> } = {},
  ): Promise<string> => {
    const name = uniqueName('prof');
    s.cleanup.defer(() => s.client.profiles.delete(name));
    s.cleanup.defer(() => s.client.profiles.delete(`${name}-b`));
    await s.client.profiles.create({ name, ...init });
    return name;
  };

  it('creates a profile with config and a device, and the daemon has both', async () => {
    const name = await profile({ config: { 'user.note': 'hello' }, devices: { tmp: TMP_DISK } });
    const p = raw(name)!;
    assert.deepEqual(p.config, { 'user.note': 'hello' });
    assert.deepEqual(p.devices, { tmp: TMP_DISK });
  });

  it("lists the project's profiles, its default one included, as the daemon does", async () => {
    const name = await profile();
    const names = (await s.client.profiles.list()).map((p) => p.name);
    assert.ok(names.includes('default'));
    assert.ok(names.includes(name));
    const cliNames = queryNames(target, '/1.0/profiles', project);
    assert.ok(cliNames.includes(name));
  });

  it('says a profile that does not exist is not found (404)', async () => {
    await assert.rejects(s.client.profiles.get('lxdx-noprofile'), apiError(404));
  });

  it('replaces a profile with the ETag it read; a stale ETag gets 412 and changes nothing', async () => {
    const name = await profile({ config: { 'user.a': '1' } });
    const { value, etag } = await s.client.profiles.getTagged(name);
    assert.ok(etag, 'a profile GET carries an ETag');
    await s.client.profiles.update(
      name,
      { config: { ...value.config, 'user.note': 'first' }, devices: { tmp: TMP_DISK }, description: 'made by the client' },
      { etag },
    );
    assert.deepEqual(raw(name)?.devices, { tmp: TMP_DISK });

    await assert.rejects(s.client.profiles.update(name, { config: {}, devices: {} }, { etag }), apiError(412));
    await assert.rejects(s.client.profiles.patch(name, { description: 'stale' }, { etag }), apiError(412));
    const after = raw(name)!;
    assert.deepEqual(after.config, { 'user.a': '1', 'user.note': 'first' });
    assert.deepEqual(after.devices, { tmp: TMP_DISK });
    assert.equal(after.description, 'made by the client');
  });

  it('patches config keys and devices, keeps the others, and removes a key patched to ""', async () => {
    const name = await profile({ config: { 'user.a': '1', 'user.b': '2' }, devices: { tmp: TMP_DISK } });
    const { etag } = await s.client.profiles.getTagged(name);
    const other = { ...TMP_DISK, path: '/mnt/other' };
    await s.client.profiles.patch(name, { config: { 'user.c': '3', 'user.b': '' }, devices: { other } }, { etag });
    const p = raw(name)!;
    assert.deepEqual(p.config, { 'user.a': '1', 'user.c': '3' });
    assert.deepEqual(p.devices, { tmp: TMP_DISK, other });
  });

  it('lists the instances using a profile, and refuses to delete it while they do', async () => {
    const name = await profile({ config: { 'user.from-profile': 'yes' } });
    const inst = await s.fx.create('profuser');
    cli(target, ['profile', 'add', inst, name, '--project', project]);

    const usedBy = (await s.client.profiles.get(name)).used_by ?? [];
    assert.deepEqual(usedBy, raw(name)?.used_by);
    assert.deepEqual(
      usedBy.map((u) => u.split('?')[0]),
      [`/1.0/instances/${inst}`],
    );
    const expanded = query<{ expanded_config: Record<string, string> }>(target, `/1.0/instances/${inst}`, project).expanded_config;
    assert.equal(expanded['user.from-profile'], 'yes', "the instance gets the profile's config");

    // Both daemons answer this refusal with a 500 (a network in use gets a 400).
    await assert.rejects(s.client.profiles.delete(name), apiError(500));
    assert.equal(raw(name)?.name, name);
    cli(target, ['profile', 'remove', inst, name, '--project', project]);
    assert.deepEqual((await s.client.profiles.get(name)).used_by ?? [], []);
  });

  it('renames a profile and deletes it', async () => {
    const name = await profile({ config: { 'user.a': '1' } });
    await s.client.profiles.rename(name, `${name}-b`);
    assert.equal(raw(name), undefined);
    assert.deepEqual(raw(`${name}-b`)?.config, { 'user.a': '1' });
    await s.client.profiles.delete(`${name}-b`);
    assert.equal(raw(`${name}-b`), undefined);
  });

  it('refuses to rename or delete the default profile (403), which stays as it was', async () => {
    // Only what the refused calls could change: other suites' instances come and go in used_by.
    const settings = (): Pick<RawProfile, 'config' | 'devices'> | undefined => {
      const p = raw('default');
      return p && { config: p.config, devices: p.devices };
    };
    const before = settings();
    await assert.rejects(s.client.profiles.rename('default', uniqueName('prof')), apiError(403));
    await assert.rejects(s.client.profiles.delete('default'), apiError(403));
    assert.deepEqual(settings(), before);
  });
});
