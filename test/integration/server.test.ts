import * as assert from 'node:assert/strict';
import { Client, InstanceBuilder, RequestTrace, serverKind } from '../../src/client';
import { cli, query, queryNames } from '../support/cli';
import { apiError, clientFor, forEachTarget, useSuite } from '../support/fixtures';
import { testbed, uniqueName } from '../support/testbed';

interface RawServer {
  api_version: string;
  api_extensions: string[];
  config: Record<string, unknown>;
  environment: { server: string; server_version: string; server_name: string };
}

forEachTarget('server', (target) => {
  const project = testbed().project;
  const s = useSuite(target);

  const raw = (): RawServer => query<RawServer>(target, '/1.0');

  /** A client of its own that records its requests. */
  const traced = (): { client: Client; traces: RequestTrace[] } => {
    const traces: RequestTrace[] = [];
    const client = clientFor(target, { onTrace: (t) => traces.push(t) });
    s.cleanup.defer(() => client.close());
    return { client, traces };
  };

  it("reads the server's identity, version and API level as the daemon reports them", async () => {
    const info = await s.client.serverInfo();
    const cliInfo = raw();
    assert.equal(info.api_version, cliInfo.api_version);
    assert.equal(info.environment?.server_version, cliInfo.environment.server_version);
    assert.equal(info.environment?.server_name, cliInfo.environment.server_name);
    assert.equal(info.environment?.server_version, testbed().env[`LXDX_${target.name.toUpperCase()}_VERSION`]);
  });

  it('tells LXD from Incus, also from the extension list alone (what an untrusted client sees)', async () => {
    assert.equal(await s.client.kind(), target.name);
    assert.equal(raw().environment.server, target.name);
    assert.equal(serverKind({ api_extensions: raw().api_extensions }), target.name);
  });

  it('has exactly the API extensions the daemon lists', async () => {
    const listed = raw().api_extensions;
    for (const name of [
      'etag',
      'patch',
      'projects',
      'instance_create_start',
      'operations_get_query_all_projects',
      'explicit_trust_token',
    ]) {
      assert.equal(await s.client.hasExtension(name), listed.includes(name), name);
    }
    assert.equal(await s.client.hasExtension('lxdx-no-such-extension'), false);
    assert.deepEqual((await s.client.serverInfo()).api_extensions, listed);
  });

  it('fetches the server info once per connection, shares it with withProject clients, and fetches anew on refresh', async () => {
    const { client, traces } = traced();
    const gets = (): number => traces.filter((t) => t.method === 'GET' && t.path === '/1.0').length;
    await client.kind();
    await client.hasExtension('etag');
    await client.withProject('default').hasExtension('etag');
    assert.equal(gets(), 1);
    await client.serverInfo({ refresh: true });
    assert.equal(gets(), 2);
  });

  it('works in another project through withProject, and the original client stays in its own', async () => {
    const name = uniqueName('srvprof');
    cli(target, ['profile', 'create', name, '--project', project]);
    s.cleanup.defer(() => cli(target, ['profile', 'delete', name, '--project', project]));
    const inDefault = s.client.withProject('default');
    const defaultNames = (await inDefault.profiles.list()).map((p) => p.name).sort();
    const cliDefault = queryNames(target, '/1.0/profiles', 'default').sort();
    assert.deepEqual(defaultNames, cliDefault);
    assert.ok(!defaultNames.includes(name));
    assert.ok((await s.client.profiles.list()).some((p) => p.name === name));
    assert.equal(inDefault.defaultProject, 'default');
    assert.equal(s.client.defaultProject, project);
  });

  it('launches in one request where the server has instance_create_start, in two where it has not', async () => {
    const { client, traces } = traced();
    const name = uniqueName('launch');
    s.fx.track(name);
    await client.instances.launch(new InstanceBuilder(name).image({ alias: testbed().image }));
    assert.equal(query<{ status: string }>(target, `/1.0/instances/${name}`, project).status, 'Running');
    const stateChanges = traces.filter((t) => t.method === 'PUT' && t.path.startsWith(`/1.0/instances/${name}/state`)).length;
    const oneRequest = raw().api_extensions.includes('instance_create_start');
    assert.equal(stateChanges, oneRequest ? 0 : 1);
  });

  it('refuses a server configuration change whose ETag does not match (412), and changes nothing', async () => {
    const { value, etag } = await s.client.server.getTagged();
    assert.ok(etag, 'GET /1.0 carries an ETag');
    await assert.rejects(s.client.server.patch({ 'user.lxdx-never': 'set' }, { etag: '"lxdx-stale"' }), apiError(412));
    assert.equal(raw().config['user.lxdx-never'], undefined);
    assert.deepEqual(Object.keys(value.config ?? {}).sort(), Object.keys(raw().config).sort());
  });

  it("reads the host's hardware as the daemon reports it", async () => {
    const resources = (await s.client.server.resources()) as { cpu?: { total?: number }; memory?: { total?: number } };
    const cliResources = query<{ cpu: { total: number }; memory: { total: number } }>(target, '/1.0/resources');
    assert.ok((resources.cpu?.total ?? 0) > 0);
    assert.equal(resources.cpu?.total, cliResources.cpu.total);
    assert.equal(resources.memory?.total, cliResources.memory.total);
  });
});
