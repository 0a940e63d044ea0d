import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { VolumeRef } from '../../src/client';
import { query, queryMaybe, queryNames } from '../support/cli';
import { apiError, forEachTarget, useSuite } from '../support/fixtures';
import { testbed, uniqueName } from '../support/testbed';

interface RawPool {
  name: string;
  driver: string;
  description: string;
  config: Record<string, string>;
}

interface RawVolume {
  name: string;
  type: string;
  description: string;
  config: Record<string, string>;
}

forEachTarget('storage', (target) => {
  const project = testbed().project;
  const s = useSuite(target);
  /** A dir pool of the suite's own, in a fresh directory: its volumes are plain directories there. */
  let pool: string;
  let source: string;

  /** On a cluster the member-specific keys (`source`) show only for one member: ask for ours. */
  const member = target.clusterMember;
  const rawPool = (name: string): RawPool | undefined =>
    queryMaybe<RawPool>(target, `/1.0/storage-pools/${name}${member ? `?target=${member}` : ''}`);
  const rawVolume = (ref: VolumeRef): RawVolume | undefined =>
    queryMaybe<RawVolume>(target, `/1.0/storage-pools/${ref.pool}/volumes/${ref.type}/${ref.name}`, project);
  const volumeNames = (poolName: string, type: string): string[] =>
    queryNames(target, `/1.0/storage-pools/${poolName}/volumes/${type}`, project);
  /** Where a dir pool keeps a custom volume's files: the daemon's real state on disk. */
  const volumeDir = (name: string): string => path.join(source, 'custom', `${project}_${name}`);

  const tempDir = (): string => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lxdx-pool-'));
    s.cleanup.defer(() => fs.rmSync(dir, { recursive: true, force: true }));
    return dir;
  };

  const customVolume = async (config: Record<string, string> = {}, poolName = pool): Promise<VolumeRef> => {
    const ref: VolumeRef = { pool: poolName, type: 'custom', name: uniqueName('vol') };
    s.cleanup.defer(() => s.client.storage.deleteVolume(ref));
    await s.client.storage.createVolume(poolName, { name: ref.name, config }).wait();
    return ref;
  };

  before(async () => {
    source = tempDir();
    pool = uniqueName('pool');
    s.cleanup.defer(() => s.client.storage.deletePool(pool));
    await s.client.storage.createPool({ name: pool, driver: 'dir', config: { source } });
  });

  it('lists the storage pools with their drivers, as the daemon does', async () => {
    const pools = await s.client.storage.pools();
    assert.equal(pools.find((p) => p.name === pool)?.driver, 'dir');
    assert.equal(pools.find((p) => p.name === target.pool)?.driver, rawPool(target.pool)?.driver);
  });

  it('gets a pool and the size of the filesystem under it', async () => {
    assert.equal((await s.client.storage.pool(pool, { target: member })).config?.source, source);
    const res = await s.client.storage.poolResources(pool);
    const cliRes = query<{ space: { total: number } }>(target, `/1.0/storage-pools/${pool}/resources`);
    assert.equal(res.space?.total, cliRes.space.total);
    assert.ok((res.space?.used ?? 0) > 0);
  });

  it('creates a dir pool in a fresh directory and deletes it', async () => {
    const dir = tempDir();
    const name = uniqueName('pool');
    s.cleanup.defer(() => s.client.storage.deletePool(name));
    await s.client.storage.createPool({ name, driver: 'dir', config: { source: dir }, description: 'made by the client' });
    const created = rawPool(name)!;
    assert.deepEqual(
      { driver: created.driver, source: created.config.source, description: created.description },
      { driver: 'dir', source: dir, description: 'made by the client' },
    );
    assert.ok(fs.readdirSync(dir).includes('custom'), 'the daemon laid the pool out in the directory');
    await s.client.storage.deletePool(name);
    assert.equal(rawPool(name), undefined);
  });

  it('creates a dir pool where the daemon places it when no source is given', async () => {
    const name = uniqueName('pool');
    s.cleanup.defer(() => s.client.storage.deletePool(name));
    await s.client.storage.createPool({ name, driver: 'dir' });
    const placed = rawPool(name)!.config.source;
    assert.equal(path.basename(placed), name);
    assert.ok(fs.statSync(placed).isDirectory());
    await s.client.storage.deletePool(name);
    assert.equal(rawPool(name), undefined);
  });

  it("changes a pool's description, guarded by the ETag where the daemon sends one (LXD 5.0 sends none for pools)", async () => {
    const { value, etag } = await s.client.storage.poolTagged(pool);
    await s.client.storage.updatePool(pool, { config: value.config, description: 'first' }, { etag });
    assert.equal(rawPool(pool)?.description, 'first');
    if (etag) {
      await assert.rejects(s.client.storage.updatePool(pool, { config: value.config, description: 'second' }, { etag }), apiError(412));
      assert.equal(rawPool(pool)?.description, 'first');
    }
    assert.equal(rawPool(pool)?.config.source, source, 'the config was kept');
  });

  it('creates a custom volume, gets it, and the daemon has it with its config', async () => {
    const ref = await customVolume({ 'user.note': 'hello' });
    assert.deepEqual(rawVolume(ref)?.config, { 'user.note': 'hello' });
    const vol = await s.client.storage.volume(ref);
    assert.equal(vol.name, ref.name);
    assert.equal(vol.type, 'custom');
    assert.ok(fs.statSync(volumeDir(ref.name)).isDirectory());
  });

  it('says a volume that does not exist is not found (404)', async () => {
    await assert.rejects(s.client.storage.volume({ pool, type: 'custom', name: 'lxdx-novol' }), apiError(404));
  });

  it("replaces a volume's config with the ETag it read; a stale ETag gets 412 and changes nothing", async () => {
    const ref = await customVolume({ 'user.a': '1' });
    const { value, etag } = await s.client.storage.volumeTagged(ref);
    assert.ok(etag, 'a volume GET carries an ETag');
    await s.client.storage.updateVolume(
      ref,
      { config: { ...value.config, 'user.note': 'first' }, description: 'made by the client' },
      { etag },
    );
    assert.deepEqual(rawVolume(ref)?.config, { 'user.a': '1', 'user.note': 'first' });

    await assert.rejects(s.client.storage.updateVolume(ref, { config: { 'user.note': 'second' } }, { etag }), apiError(412));
    await assert.rejects(s.client.storage.patchVolume(ref, { description: 'stale' }, { etag }), apiError(412));
    const after = rawVolume(ref)!;
    assert.deepEqual(after.config, { 'user.a': '1', 'user.note': 'first' });
    assert.equal(after.description, 'made by the client');
  });

  it('patches one volume config key, keeps the others, and removes a key patched to ""', async () => {
    const ref = await customVolume({ 'user.a': '1' });
    const { etag } = await s.client.storage.volumeTagged(ref);
    await s.client.storage.patchVolume(ref, { config: { 'user.b': '2' } }, { etag });
    assert.deepEqual(rawVolume(ref)?.config, { 'user.a': '1', 'user.b': '2' });
    await s.client.storage.patchVolume(ref, { config: { 'user.a': '' } });
    assert.deepEqual(rawVolume(ref)?.config, { 'user.b': '2' });
  });

  it('snapshots a volume, lists the snapshot, restores the data from it and deletes it', async () => {
    const ref = await customVolume();
    const file = (): string => path.join(volumeDir(ref.name), 'data.txt');
    fs.writeFileSync(file(), 'before\n');
    await s.client.storage.createVolumeSnapshot(ref, 'snap0').wait();
    assert.deepEqual(volumeNames(pool, `custom/${ref.name}/snapshots`), ['snap0']);
    const snaps = await s.client.storage.volumeSnapshots(ref);
    assert.deepEqual(
      snaps.map((snap) => snap.name),
      [`${ref.name}/snap0`],
    );

    fs.writeFileSync(file(), 'after\n');
    await s.client.storage.restoreVolumeSnapshot(ref, 'snap0');
    assert.equal(fs.readFileSync(file(), 'utf8'), 'before\n');

    await s.client.storage.deleteVolumeSnapshot(ref, 'snap0').wait();
    assert.deepEqual(volumeNames(pool, `custom/${ref.name}/snapshots`), []);
  });

  it('renames a custom volume with its snapshots, and deletes it', async () => {
    const ref = await customVolume({ 'user.a': '1' });
    await s.client.storage.createVolumeSnapshot(ref, 'keep').wait();
    const renamed: VolumeRef = { ...ref, name: `${ref.name}-b` };
    s.cleanup.defer(() => s.client.storage.deleteVolume(renamed));
    await s.client.storage.renameVolume(ref, renamed.name).wait();
    assert.equal(rawVolume(ref), undefined);
    assert.deepEqual(rawVolume(renamed)?.config, { 'user.a': '1' });
    assert.deepEqual(volumeNames(pool, `custom/${renamed.name}/snapshots`), ['keep']);

    await s.client.storage.deleteVolumeSnapshot(renamed, 'keep').wait();
    await s.client.storage.deleteVolume(renamed);
    assert.equal(rawVolume(renamed), undefined);
    assert.equal(fs.existsSync(volumeDir(renamed.name)), false);
  });

  it("reads a volume's state without failing where a dir pool cannot measure usage", async () => {
    const ref = await customVolume();
    const state = await s.client.storage.volumeState(ref);
    assert.equal(state.usage, undefined);
  });

  it("lists an instance's root volume apart from the custom volumes", async () => {
    const name = await s.fx.create('vols');
    const custom = await customVolume({}, target.pool);
    assert.ok(volumeNames(target.pool, 'container').includes(name), 'the daemon lists the root volume as a container volume');

    const containers = await s.client.storage.volumes(target.pool, { type: 'container' });
    const customs = await s.client.storage.volumes(target.pool, { type: 'custom' });
    assert.ok(containers.some((v) => v.name === name));
    assert.ok(!containers.some((v) => v.name === custom.name));
    assert.ok(customs.some((v) => v.name === custom.name));
    assert.ok(!customs.some((v) => v.name === name));
    const all = await s.client.storage.volumes(target.pool);
    assert.equal(all.find((v) => v.name === name)?.type, 'container');
    assert.equal(all.find((v) => v.name === custom.name)?.type, 'custom');
  });
});
