import * as assert from 'node:assert/strict';
import { ApiError } from '../../src/client';
import { cli, query, queryMaybe } from '../support/cli';
import { apiError, forEachTarget, useSuite } from '../support/fixtures';
import { shortName, testbed, uniqueName } from '../support/testbed';

interface RawNetwork {
  name: string;
  type: string;
  managed: boolean;
  description: string;
  config: Record<string, string>;
  used_by: string[] | null;
}

/** Never a network with addresses on the test bed: no DHCP, no NAT, nothing routed. */
const NO_ADDRESSES = { 'ipv4.address': 'none', 'ipv6.address': 'none' };

forEachTarget('networks', (target) => {
  const project = testbed().project;
  const s = useSuite(target);

  const raw = (name: string): RawNetwork | undefined => queryMaybe<RawNetwork>(target, `/1.0/networks/${name}`, project);

  /** A bridge without addresses, deleted after the suite (under its name and its renamed name). */
  const bridge = async (): Promise<string> => {
    const name = shortName();
    s.cleanup.defer(() => s.client.networks.delete(name));
    s.cleanup.defer(() => s.client.networks.delete(`${name}-b`));
    await s.client.networks.create({ name, type: 'bridge', config: { ...NO_ADDRESSES } });
    return name;
  };

  it('creates a bridge without addresses, which the daemon shows as a managed bridge', async () => {
    const name = await bridge();
    const net = raw(name)!;
    assert.equal(net.type, 'bridge');
    assert.equal(net.managed, true);
    assert.equal(net.config['ipv4.address'], 'none');
    assert.equal(net.config['ipv6.address'], 'none');
  });

  it("lists managed bridges and the host's own interfaces, as the daemon does", async () => {
    const name = await bridge();
    const list = await s.client.networks.list();
    assert.equal(list.find((n) => n.name === name)?.managed, true);
    const cliList = query<RawNetwork[]>(target, '/1.0/networks?recursion=1', project);
    const unmanaged = cliList.find((n) => !n.managed);
    assert.ok(unmanaged, 'the host has an interface the daemon does not manage');
    assert.deepEqual(
      list.filter((n) => n.name === unmanaged.name).map((n) => ({ managed: n.managed, type: n.type })),
      [{ managed: false, type: unmanaged.type }],
    );
  });

  it('lists a network once across all projects, under the project that holds it', async () => {
    const name = await bridge();
    const all = await s.client.networks.list({ allProjects: true });
    const mine = all.filter((n) => n.name === name);
    assert.equal(mine.length, 1);
    // The test project has no networks of its own (features.networks=false): the default project holds it.
    assert.equal(mine[0].project, 'default');
  });

  it('gets a bridge and its live state: up, with the MAC address the daemon reports and no address', async () => {
    const name = await bridge();
    assert.equal((await s.client.networks.get(name)).name, name);
    const state = await s.client.networks.state(name);
    const cliState = query<{ hwaddr: string }>(target, `/1.0/networks/${name}/state`, project);
    assert.equal(state.state, 'up');
    assert.equal(state.hwaddr, cliState.hwaddr);
    assert.deepEqual(state.addresses ?? [], []);
  });

  it('says a network that does not exist is not found (404)', async () => {
    await assert.rejects(s.client.networks.get('lxdx-nonet'), apiError(404));
  });

  it('replaces the configuration with the ETag it read; a stale ETag gets 412 and changes nothing', async () => {
    const name = await bridge();
    const { value, etag } = await s.client.networks.getTagged(name);
    assert.ok(etag, 'a network GET carries an ETag');
    await s.client.networks.update(
      name,
      { config: { ...value.config, 'user.note': 'first' }, description: 'made by the client' },
      { etag },
    );
    assert.equal(raw(name)?.config['user.note'], 'first');
    assert.equal(raw(name)?.description, 'made by the client');

    await assert.rejects(s.client.networks.update(name, { config: { ...value.config, 'user.note': 'second' } }, { etag }), apiError(412));
    await assert.rejects(s.client.networks.patch(name, { description: 'stale' }, { etag }), apiError(412));
    const after = raw(name)!;
    assert.equal(after.config['user.note'], 'first');
    assert.equal(after.description, 'made by the client');
    assert.equal(after.config['ipv4.address'], 'none');
  });

  it('patches one config key, keeps the others, and removes a key patched to ""', async () => {
    const name = await bridge();
    const { etag } = await s.client.networks.getTagged(name);
    await s.client.networks.patch(name, { config: { 'user.a': '1', 'user.b': '2' } }, { etag });
    assert.deepEqual(raw(name)?.config, { ...NO_ADDRESSES, 'user.a': '1', 'user.b': '2' });
    await s.client.networks.patch(name, { config: { 'user.b': '' } });
    assert.deepEqual(raw(name)?.config, { ...NO_ADDRESSES, 'user.a': '1' });
  });

  it('counts a profile with a NIC on the bridge as a user, and refuses to delete or rename the bridge meanwhile', async () => {
    const name = await bridge();
    assert.deepEqual((await s.client.networks.get(name)).used_by ?? [], []);
    const profile = uniqueName('netuser');
    cli(target, ['profile', 'create', profile, '--project', project]);
    s.cleanup.defer(() => cli(target, ['profile', 'delete', profile, '--project', project]));
    cli(target, ['profile', 'device', 'add', profile, 'eth0', 'nic', `network=${name}`, '--project', project]);

    const usedBy = (await s.client.networks.get(name)).used_by ?? [];
    assert.deepEqual(usedBy, raw(name)?.used_by);
    assert.deepEqual(
      usedBy.map((u) => u.split('?')[0]),
      [`/1.0/profiles/${profile}`],
    );
    await assert.rejects(s.client.networks.delete(name), apiError(400));
    await assert.rejects(s.client.networks.rename(name, `${name}-b`), apiError(400));
    assert.equal(raw(name)?.name, name);
    assert.equal(raw(`${name}-b`), undefined);

    cli(target, ['profile', 'delete', profile, '--project', project]);
    assert.deepEqual((await s.client.networks.get(name)).used_by ?? [], []);
  });

  it('renames a bridge and deletes it; a cluster refuses the rename in its own words', async () => {
    const name = await bridge();
    const renamed = `${name}-b`;
    if (target.clusterMember) {
      await assert.rejects(
        s.client.networks.rename(name, renamed),
        (e: unknown) => e instanceof ApiError && /Renaming clustered network not supported/.test(e.message),
      );
      assert.equal(raw(name)?.type, 'bridge', 'the bridge keeps its name');
      await s.client.networks.delete(name);
      assert.equal(raw(name), undefined);
      return;
    }
    await s.client.networks.rename(name, renamed);
    assert.equal(raw(name), undefined);
    assert.equal(raw(renamed)?.type, 'bridge');
    assert.equal(query<{ state: string }>(target, `/1.0/networks/${renamed}/state`, project).state, 'up');
    await s.client.networks.delete(renamed);
    assert.equal(raw(renamed), undefined);
  });
});
