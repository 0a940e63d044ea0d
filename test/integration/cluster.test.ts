import * as assert from 'node:assert/strict';
import { ApiError } from '../../src/client';
import { cli, query } from '../support/cli';
import { forEachTarget, useSuite } from '../support/fixtures';

interface RawCluster {
  enabled: boolean;
  server_name: string;
}

interface RawMember {
  server_name: string;
  status: string;
}

/** Clustering is the test bed's choice (one daemon may be a single-member cluster): never changed here. */
forEachTarget('cluster', (target) => {
  const s = useSuite(target);

  const rawCluster = (): RawCluster => query<RawCluster>(target, '/1.0/cluster');

  it('says whether the server is clustered and under which member name, as the daemon does', async () => {
    const cluster = await s.client.cluster.get();
    const cliCluster = rawCluster();
    assert.equal(cluster.enabled, cliCluster.enabled);
    assert.equal(cluster.server_name, cliCluster.server_name);
    assert.equal(cluster.enabled, !!target.clusterMember, 'the test bed says the same');
    const env = (await s.client.server.get()).environment as { server_clustered?: boolean } | undefined;
    assert.equal(env?.server_clustered, cluster.enabled);
  });

  it('lists the members of a cluster, and none for a standalone server, which refuses the list itself', async () => {
    const members = await s.client.cluster.members();
    if (rawCluster().enabled) {
      const cliMembers = query<RawMember[]>(target, '/1.0/cluster/members?recursion=1');
      assert.deepEqual(members.map((m) => [m.server_name, m.status]).sort(), cliMembers.map((m) => [m.server_name, m.status]).sort());
      assert.ok(members.every((m) => m.status === 'Online'));
    } else {
      assert.deepEqual(members, []);
      assert.throws(() => cli(target, ['query', '/1.0/cluster/members']), 'the daemon refuses to list members when standalone');
    }
  });

  it('gets one member by name on a cluster; a standalone server has none to get', async () => {
    const cluster = rawCluster();
    if (cluster.enabled) {
      const member = await s.client.cluster.member(cluster.server_name);
      assert.equal(member.server_name, cluster.server_name);
      assert.equal(member.status, query<RawMember>(target, `/1.0/cluster/members/${cluster.server_name}`).status);
    } else {
      await assert.rejects(s.client.cluster.member('none'), ApiError);
    }
  });
});
