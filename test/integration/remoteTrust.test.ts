import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client, NotTrustedError, RequestTrace, discoverRemotes, generateClientCertificate } from '../../src/client';
import { isAddress, readAddressOrToken } from '../../src/remotes/address';
import { cliRemoteSpecs, storedRemoteSpec } from '../../src/remotes/specs';
import { RemoteStore, SecretStore, StateStore, StoredRemote } from '../../src/remotes/store';
import { CertificateChangedError, checkToken, probeServer, trustServer } from '../../src/remotes/trust';
import { cli, cliEnv, query, queryNames } from '../support/cli';
import { forEachTarget, useSuite } from '../support/fixtures';
import { testbed, uniqueName } from '../support/testbed';

/** VS Code's global state and secret storage, in memory, so the test can look at what each holds. */
class MemoryState implements StateStore {
  readonly values = new Map<string, unknown>();
  get<T>(key: string): T | undefined {
    return this.values.get(key) as T | undefined;
  }
  async update(key: string, value: unknown): Promise<void> {
    this.values.set(key, value);
  }
}
class MemorySecrets implements SecretStore {
  readonly values = new Map<string, string>();
  async get(key: string): Promise<string | undefined> {
    return this.values.get(key);
  }
  async store(key: string, value: string): Promise<void> {
    this.values.set(key, value);
  }
  async delete(key: string): Promise<void> {
    this.values.delete(key);
  }
}

/** The lines of a PEM key that carry key material. */
const keyLines = (pem: string): string[] => pem.split('\n').filter((l) => l && !l.startsWith('-----'));

forEachTarget('remotes added and reused by the extension', (target) => {
  const s = useSuite(target);
  const url = `https://${target.https}`;
  const trustedHere = new Set<string>();
  let state: MemoryState;
  let secrets: MemorySecrets;
  let store: RemoteStore;
  let instance: string;
  let root: string;

  before(async function () {
    if (!target.https) {
      this.skip();
    }
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'lxdx-remote-trust-'));
    instance = await s.fx.create('remote-trust');
  });

  beforeEach(() => {
    state = new MemoryState();
    secrets = new MemorySecrets();
    store = new RemoteStore(state, secrets);
  });

  after(async () => {
    const admin = Client.unix(target.socket);
    for (const fp of trustedHere) {
      await admin.certificates.delete(fp).catch(() => undefined);
    }
    await admin.close();
    if (root) {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  /** What "Add Remote…" does after its questions: probe, check the token, trust, save. */
  const addWithToken = async (name: string): Promise<StoredRemote> => {
    const issued = await s.client.certificates.issueToken(uniqueName('remote-add'));
    const probe = await probeServer(url);
    assert.equal(probe.kind, target.name);
    const check = checkToken(issued.token, probe);
    assert.equal(check.fingerprint, probe.certificate.fingerprint, 'the token names the certificate the server presents');
    const identity = await store.ensureIdentity();
    trustedHere.add(identity.fingerprint);
    const result = await trustServer({ url, fingerprint: check.fingerprint, identity, secret: { token: issued.token } });
    assert.deepEqual(
      { kind: result.kind, clustered: result.clustered, wasTrusted: result.wasTrusted },
      { kind: target.name, clustered: !!target.clusterMember, wasTrusted: false },
    );
    assert.ok(result.projects.includes(testbed().project), result.projects.join(', '));
    const remote: StoredRemote = {
      name,
      url,
      fingerprint: probe.certificate.fingerprint,
      project: testbed().project,
      server: result.kind,
      addedAt: new Date().toISOString(),
    };
    await store.add(remote);
    return remote;
  };

  it('adds a remote with a trust token, pins the certificate the token names, and lists its instances over HTTPS', async () => {
    const traces: RequestTrace[] = [];
    const remote = await addWithToken('lxdx-added');
    const identity = (await store.identity())!;
    const entry = query<{ name: string; fingerprint: string }[]>(target, '/1.0/certificates?recursion=1').find(
      (c) => c.fingerprint === identity.fingerprint,
    );
    assert.ok(entry, 'the server trusts the generated client certificate');

    const spec = storedRemoteSpec(remote, store);
    assert.deepEqual(
      { id: spec.id, source: spec.source, address: spec.address, revision: spec.revision },
      { id: 'added:lxdx-added', source: 'added', address: url, revision: remote.fingerprint },
    );
    const client = (await spec.createClient((t) => traces.push(t))).withProject(remote.project);
    try {
      assert.equal((await client.serverInfo()).auth, 'trusted');
      assert.ok(
        (await client.instances.list()).some((i) => i.name === instance),
        `${instance} is listed through the remote`,
      );
    } finally {
      await client.close();
    }

    // The key is in the secret storage only: not in the state, not in a trace.
    const key = keyLines(identity.key);
    const stateText = JSON.stringify([...state.values]);
    const traceText = JSON.stringify(traces);
    for (const line of key) {
      assert.ok(!stateText.includes(line) && !traceText.includes(line), 'a line of the private key leaked');
    }
    assert.ok(!/PRIVATE KEY/.test(stateText));
    assert.deepEqual([...secrets.values.keys()], ['lxd.clientKey']);
  });

  it('refuses a server whose certificate changed, naming the trusted and the presented fingerprint and how to re-trust', async () => {
    const presented = (await probeServer(url)).certificate.fingerprint;
    const wrong = 'ab'.repeat(32);
    await store.ensureIdentity();
    const spec = storedRemoteSpec({ name: 'lxdx-moved', url, fingerprint: wrong, addedAt: '' }, store);
    await assert.rejects(
      spec.createClient(() => undefined),
      (e: unknown) => {
        assert.ok(e instanceof CertificateChangedError, String(e));
        assert.equal(e.code, 'CERT_PIN_MISMATCH');
        assert.deepEqual({ expected: e.expected, presented: e.presented }, { expected: wrong, presented });
        assert.match(
          e.message,
          new RegExp(
            `certificate of "lxdx-moved" \\(${url.replace(/\./g, '\\.')}\\) changed: trusted SHA-256 ${wrong}, now SHA-256 ${presented}`,
          ),
        );
        assert.match(e.message, /nothing was sent.*Re-trust Remote/);
        return true;
      },
    );
  });

  it('refuses a trust token that names another certificate than the server presents, before sending it', async () => {
    const issued = await s.client.certificates.issueToken(uniqueName('remote-other'));
    try {
      const probe = await probeServer(url);
      const forged = Buffer.from(JSON.stringify({ ...issued.decoded, fingerprint: 'cd'.repeat(32) })).toString('base64');
      assert.throws(
        () => checkToken(forged, probe),
        (e: unknown) => e instanceof CertificateChangedError && /other than the one the trust token names/.test(e.message),
      );
      assert.equal(
        query<{ status: string }>(target, `/1.0/operations/${issued.operationId}`).status,
        'Running',
        'the token is still unused',
      );
    } finally {
      await s.client.certificates.revokeToken(issued.operationId).catch(() => undefined);
    }
  });

  it('refuses damaged trust tokens in the address box with what is wrong, before any connection: the token unspent, the trust list unchanged (CLI)', async () => {
    const issued = await s.client.certificates.issueToken(uniqueName('remote-bad'));
    const trustList = (): string[] => queryNames(target, '/1.0/certificates').sort();
    try {
      const before = trustList();
      const real = issued.token;
      const withFields = (fields: Record<string, unknown>): string =>
        Buffer.from(JSON.stringify({ ...issued.decoded, ...fields })).toString('base64');
      const damaged: [string, string, RegExp][] = [
        ['cut short', real.slice(0, 60), /does not decode to JSON/],
        ['with a stray character', `${real.slice(0, 30)}*${real.slice(30)}`, /is not base64 text/],
        ['without its secret', withFields({ secret: undefined }), /lacks the secret/],
        ['with a fingerprint of 63 digits', withFields({ fingerprint: issued.decoded.fingerprint.slice(1) }), /has 63 hex digits/],
        ['with an address that has a path', withFields({ addresses: [`${target.https}/1.0`] }), /Give only the server address/],
      ];
      for (const [what, text, message] of damaged) {
        const read = readAddressOrToken(text);
        assert.ok(!isAddress(read), `a token ${what} was taken: ${JSON.stringify(read)}`);
        assert.match(read.problem, message, `a token ${what}`);
      }
      // The same token with its fingerprint in capitals and colons is the same token.
      const colons = withFields({ fingerprint: issued.decoded.fingerprint.toUpperCase().match(/../g)!.join(':') });
      const read = readAddressOrToken(colons);
      assert.ok(isAddress(read) && read.token, JSON.stringify(read));
      assert.equal(checkToken(colons, await probeServer(url)).fingerprint, issued.decoded.fingerprint);
      assert.deepEqual(trustList(), before, 'the trust list as it was');
      assert.equal(query<{ status: string }>(target, `/1.0/operations/${issued.operationId}`).status, 'Running', 'the token is unspent');
    } finally {
      await s.client.certificates.revokeToken(issued.operationId).catch(() => undefined);
    }
  });

  it('tells an untrusted client that the server does not trust it, and how to get trusted', async () => {
    const probe = await probeServer(url);
    await store.ensureIdentity();
    const spec = storedRemoteSpec({ name: 'lxdx-untrusted', url, fingerprint: probe.certificate.fingerprint, addedAt: '' }, store);
    const client = await spec.createClient(() => undefined);
    try {
      assert.equal((await client.serverInfo()).auth, 'untrusted');
      await assert.rejects(
        client.instances.list(),
        (e: unknown) =>
          e instanceof NotTrustedError && new RegExp(`does not trust this client.*${target.cli} config trust add`).test(e.message),
      );
      // A used token is refused in words that say why.
      const issued = await s.client.certificates.issueToken(uniqueName('remote-used'));
      const other = await generateClientCertificate();
      trustedHere.add(other.fingerprint);
      await trustServer({ url, fingerprint: probe.certificate.fingerprint, identity: other, secret: { token: issued.token } });
      const identity = (await store.identity())!;
      await assert.rejects(
        trustServer({ url, fingerprint: probe.certificate.fingerprint, identity, secret: { token: issued.token } }),
        (e: unknown) => e instanceof NotTrustedError && /refused the trust token/.test(e.message),
      );
    } finally {
      await client.close();
    }
  });

  it(`reads a configuration that the real ${target.cli} CLI wrote, and connects through it with its pinned certificate`, async () => {
    const dir = path.join(root, `${target.cli}-conf`);
    const confVar = target.name === 'lxd' ? 'LXD_CONF' : 'INCUS_CONF';
    const name = uniqueName('remote-cli');
    const trustArgs =
      target.name === 'lxd' ? ['config', 'trust', 'add', '--name', name, '--quiet'] : ['config', 'trust', 'add', name, '--quiet'];
    const token = cli(target, trustArgs).trim().split('\n').pop()!;
    execFileSync(target.cli, ['remote', 'add', 'lxdx-r', token, '--project', testbed().project], {
      env: { ...cliEnv(target), [confVar]: dir },
      stdio: 'pipe',
    });
    const clientCert = fs.readFileSync(path.join(dir, 'client.crt'), 'utf8');
    trustedHere.add(
      query<{ fingerprint: string; name: string }[]>(target, '/1.0/certificates?recursion=1').find((c) => c.name === name)!.fingerprint,
    );

    const found = await discoverRemotes({
      env: { [confVar]: dir, [`${target.name.toUpperCase()}_SOCKET`]: target.socket },
      home: path.join(root, 'empty-home'),
    });
    const { specs, imageServers } = cliRemoteSpecs(found, { localSockets: [target.socket] });
    assert.deepEqual(
      specs.map((sp) => ({ id: sp.id, name: sp.name, source: sp.source, address: sp.address, project: sp.project })),
      [{ id: `${target.cli}:lxdx-r`, name: `lxdx-r (${target.cli})`, source: target.cli, address: url, project: testbed().project }],
      'the CLI remote is a connection; its "local" is the local socket shown already',
    );
    assert.ok(
      imageServers.some((i) => i.name === 'images' && i.protocol === 'simplestreams'),
      'the image server is listed apart',
    );

    const client = await specs[0].createClient(() => undefined);
    try {
      assert.equal((await client.serverInfo()).auth, 'trusted');
      assert.ok(
        (await client.instances.list()).some((i) => i.name === instance),
        `${instance} is listed through ${target.cli}'s remote`,
      );
    } finally {
      await client.close();
    }
    assert.ok(clientCert.includes('BEGIN CERTIFICATE'));

    // A different certificate in servercerts/ is a changed server: refused, naming both.
    const impostor = await generateClientCertificate({ commonName: 'lxdx-impostor' });
    fs.writeFileSync(path.join(dir, 'servercerts', 'lxdx-r.crt'), impostor.cert);
    const again = cliRemoteSpecs(await discoverRemotes({ env: { [confVar]: dir }, home: path.join(root, 'empty-home') }), {
      localSockets: [target.socket],
    }).specs[0];
    assert.notEqual(again.revision, specs[0].revision, 'a new pin is a new revision: the connection is rebuilt');
    await assert.rejects(
      again.createClient(() => undefined),
      (e: unknown) =>
        e instanceof CertificateChangedError && e.expected === impostor.fingerprint && /changed: trusted SHA-256/.test(e.message),
    );
  });

  // The test bed makes its own Incus a single-member cluster; its LXD stays standalone.
  const clustered = target.clusterMember ? it : undefined;
  clustered?.('shows the members of a clustered server and creates an instance on the member it is told to', async function () {
    const remote = await addWithToken('lxdx-cluster');
    const client = (await storedRemoteSpec(remote, store).createClient(() => undefined)).withProject(remote.project);
    const name = uniqueName('remote-member');
    s.fx.track(name);
    try {
      const members = await client.cluster.members();
      assert.deepEqual(
        members.map((m) => ({ name: m.server_name, status: m.status, url: m.url })),
        [{ name: target.clusterMember, status: 'Online', url: `https://${target.https}` }],
      );
      assert.ok(members[0].roles?.includes('database-leader'), members[0].roles?.join(', '));
      await client.instances.create({ name, source: { type: 'image', alias: testbed().image } }, { target: target.clusterMember }).wait();
      assert.equal(query<{ location: string }>(target, `/1.0/instances/${name}`, testbed().project).location, target.clusterMember);
    } finally {
      await client.close();
    }
  });
});
