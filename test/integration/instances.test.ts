import * as assert from 'node:assert/strict';
import { ApiError, InstanceBuilder, Progress } from '../../src/client';
import { query, queryMaybe } from '../support/cli';
import { vmImage } from '../support/images';
import { forEachTarget, useSuite } from '../support/fixtures';
import { testbed, uniqueName } from '../support/testbed';

interface RawInstance {
  name: string;
  type: string;
  status: string;
  description: string;
  config: Record<string, string>;
  profiles: string[];
}

forEachTarget('instances', (target) => {
  const project = testbed().project;
  const s = useSuite(target);

  const raw = (name: string): RawInstance => query<RawInstance>(target, `/1.0/instances/${name}`, project);

  it('creates an instance from the test image, with progress, and the daemon lists it as stopped', async () => {
    const name = uniqueName('create');
    s.fx.track(name);
    const progress: Progress[] = [];
    const op = await s.client.instances.create(
      new InstanceBuilder(name).image({ alias: testbed().image }).description('made by the client'),
    );
    assert.ok(op.id, 'create answers with an operation');
    await op.wait({ onProgress: (p) => progress.push(p) });
    const inst = raw(name);
    assert.equal(inst.status, 'Stopped');
    assert.equal(inst.description, 'made by the client');
    assert.equal(inst.config['image.os'], 'busybox');
  });

  it('lists instances without state, by name, and with state, all or only containers or VMs', async () => {
    const name = await s.fx.create('list', { start: true });
    const list = await s.client.instances.list();
    const names = await s.client.instances.names();
    const full = await s.client.instances.listFull();
    assert.ok(list.some((i) => i.name === name && i.status === 'Running'));
    assert.ok(names.includes(name));
    const mine = full.find((i) => i.name === name);
    assert.ok(mine?.state, 'recursion=2 carries state');
    assert.equal(mine.state.status, 'Running');
    const cliNames = query<string[]>(target, '/1.0/instances', project).map((u) => u.split('?')[0].split('/').pop());
    assert.deepEqual([...names].sort(), [...cliNames].sort());
    // `instance-type`, which no spec lists, narrows the list on both daemons.
    assert.ok((await s.client.instances.names({ instanceType: 'container' })).includes(name));
    assert.ok(!(await s.client.instances.list({ instanceType: 'virtual-machine' })).some((i) => i.name === name));
  });

  it("creates a VM where the server runs VMs; elsewhere the create fails with the server's reason and leaves no instance", async () => {
    const image = vmImage('vmcreate');
    s.cleanup.defer(() => s.client.images.delete(image.fingerprint).wait());
    await s.client.images.upload({ metadata: image.metadata, rootfs: image.rootfs, type: 'virtual-machine' }).wait();
    const name = uniqueName('vm');
    s.fx.track(name);
    // `lxc | qemu` where the server can run VMs; `lxc` alone where it cannot (no vhost_vsock, no /dev/kvm).
    const drivers = ((await s.client.server.get()).environment?.driver ?? '').split('|').map((d) => d.trim());
    const created = s.client.instances.create(new InstanceBuilder(name).image({ fingerprint: image.fingerprint }).vm()).wait();
    if (drivers.includes('qemu')) {
      await created;
      assert.equal(raw(name).type, 'virtual-machine');
    } else {
      await assert.rejects(created, (e: unknown) => e instanceof ApiError && /"virtual-machine" is not supported/.test(e.message));
      assert.equal(queryMaybe(target, `/1.0/instances/${name}`, project), undefined, 'no instance is left behind');
    }
  });

  it('filters the list with LXD filter expressions and lists across all projects', async () => {
    const name = await s.fx.create('filter');
    const filtered = await s.client.instances.list({ filter: `name eq ${name}` });
    assert.deepEqual(
      filtered.map((i) => i.name),
      [name],
    );
    const all = await s.client.instances.list({ allProjects: true });
    const mine = all.find((i) => i.name === name);
    assert.equal(mine?.project, project);
  });

  it('starts, freezes, unfreezes, restarts and force-stops an instance', async () => {
    const name = await s.fx.create('state');
    await s.client.instances.start(name).wait();
    assert.equal(raw(name).status, 'Running');
    await s.client.instances.freeze(name).wait();
    assert.equal(raw(name).status, 'Frozen');
    await s.client.instances.unfreeze(name).wait();
    assert.equal(raw(name).status, 'Running');
    await s.client.instances.restart(name, { force: true }).wait();
    assert.equal(raw(name).status, 'Running');
    const state = await s.client.instances.state(name);
    assert.ok((state.pid ?? 0) > 0, 'a running instance has a pid');
    await s.client.instances.stop(name, { force: true }).wait();
    assert.equal(raw(name).status, 'Stopped');
  });

  it("reports a failed operation with LXD's text: starting a running instance", async () => {
    const name = await s.fx.create('twice', { start: true });
    await assert.rejects(s.client.instances.start(name).wait(), (e: unknown) => {
      assert.ok(e instanceof ApiError);
      // LXD fails the operation; Incus refuses the request itself. Both say why.
      assert.match(e.message, /already running/i);
      return true;
    });
    assert.equal(raw(name).status, 'Running');
  });

  it('gives up a clean stop after the timeout when the init ignores it, and the instance keeps running', async () => {
    const name = await s.fx.create('stoptimeout', { start: true });
    await assert.rejects(s.client.instances.stop(name, { timeout: 1 }).wait(), ApiError);
    assert.equal(raw(name).status, 'Running');
  });

  it('updates the configuration with the ETag, and refuses a stale ETag with 412 without changing anything', async () => {
    const name = await s.fx.create('etag');
    const { value, etag } = await s.client.instances.getTagged(name);
    assert.ok(etag, 'single-object GETs carry an ETag');
    const put = { ...value, config: { ...value.config, 'user.note': 'first' } };
    await s.client.instances.update(name, put, { etag }).wait();
    assert.equal(raw(name).config['user.note'], 'first');

    const stale = { ...value, config: { ...value.config, 'user.note': 'second' } };
    await assert.rejects(s.client.instances.update(name, stale, { etag }).wait(), (e: unknown) => e instanceof ApiError && e.isConflict);
    assert.equal(raw(name).config['user.note'], 'first');
  });

  it('patches config keys and removes a key set to the empty string', async () => {
    const name = await s.fx.create('patch');
    await s.client.instances.patch(name, { config: { 'user.a': '1', 'user.b': '2' } });
    assert.equal(raw(name).config['user.b'], '2');
    await s.client.instances.patch(name, { config: { 'user.b': '' } });
    const config = raw(name).config;
    assert.equal(config['user.a'], '1');
    assert.equal(config['user.b'], undefined);
  });

  it('renames and deletes an instance', async () => {
    const name = await s.fx.create('rename');
    const renamed = `${name}-b`;
    s.fx.track(renamed);
    await s.client.instances.rename(name, renamed).wait();
    assert.equal(queryMaybe(target, `/1.0/instances/${name}`, project), undefined);
    assert.equal(raw(renamed).name, renamed);
    await s.client.instances.delete(renamed).wait();
    assert.equal(queryMaybe(target, `/1.0/instances/${renamed}`, project), undefined);
  });

  it('creates, lists, restores and deletes snapshots', async () => {
    const name = await s.fx.create('snap');
    await s.client.instances.patch(name, { config: { 'user.v': 'before' } });
    await s.client.instances.createSnapshot(name, 'snap0').wait();
    assert.ok(query<string[]>(target, `/1.0/instances/${name}/snapshots`, project).some((u) => u.split('?')[0].endsWith('/snap0')));
    await s.client.instances.patch(name, { config: { 'user.v': 'after' } });
    const snaps = await s.client.instances.snapshots(name);
    assert.deepEqual(
      snaps.map((s) => s.name),
      ['snap0'],
    );
    await s.client.instances.restoreSnapshot(name, 'snap0').wait();
    assert.equal(raw(name).config['user.v'], 'before');
    await s.client.instances.renameSnapshot(name, 'snap0', 'snap1').wait();
    assert.equal((await s.client.instances.snapshot(name, 'snap1')).name, 'snap1');
    await s.client.instances.deleteSnapshot(name, 'snap1').wait();
    assert.deepEqual(query<string[] | null>(target, `/1.0/instances/${name}/snapshots`, project) ?? [], []);
  });

  it('reads the instance log files and the console log', async () => {
    const name = await s.fx.create('logs', { start: true });
    const files = await s.client.instances.logs(name);
    assert.ok(files.length > 0, 'a started container has log files');
    const file = files.find((f) => f.endsWith('.log')) ?? files[0];
    const text = await s.client.instances.log(name, file);
    assert.equal(typeof text, 'string');
    assert.equal(typeof (await s.client.instances.consoleLog(name)), 'string');
  });

  it('gets one instance with state and snapshots in a single call', async () => {
    const name = await s.fx.create('full', { start: true });
    const full = await s.client.instances.getFull(name);
    assert.equal(full.name, name);
    assert.equal(full.state?.status, 'Running');
  });
});
