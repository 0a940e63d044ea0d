import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as tls from 'node:tls';
import type { AddressInfo } from 'node:net';
import {
  ApiError,
  Client,
  ClientCertificate,
  Handshake,
  InstanceBuilder,
  LifecycleEvent,
  NotTrustedError,
  OperationEvent,
  RequestTrace,
  TransportError,
  fetchServerCertificate,
  generateClientCertificate,
} from '../../src/client';
import { eventually, forEachTarget, useSuite } from '../support/fixtures';
import { cli, query, queryMaybe } from '../support/cli';
import { Target, testbed, uniqueName } from '../support/testbed';

interface TrustedCert {
  name: string;
  fingerprint: string;
}

/** The server's trust list, read through its own CLI. */
const trusted = (target: Target): TrustedCert[] => query<TrustedCert[]>(target, '/1.0/certificates?recursion=1');

forEachTarget('https', (target) => {
  const s = useSuite(target);
  const url = `https://${target.https}`;
  const added = new Set<string>();

  /** A fresh client certificate, removed from the server's trust list after the suite. */
  const newCert = async (): Promise<ClientCertificate> => {
    const cert = await generateClientCertificate({ commonName: 'lxdx-test@localhost' });
    added.add(cert.fingerprint);
    return cert;
  };
  const remoteFor = (
    cert: ClientCertificate,
    opts: { onTrace?: (t: RequestTrace) => void; onHandshake?: (h: Handshake) => void } = {},
  ): Client =>
    Client.https(
      {
        url,
        clientCert: cert.cert,
        clientKey: cert.key,
        serverCertificate: fs.readFileSync(target.serverCertPath!, 'utf8'),
        onHandshake: opts.onHandshake,
      },
      { project: testbed().project, onTrace: opts.onTrace },
    );

  before(function () {
    if (!target.https || !target.serverCertPath) {
      this.skip();
    }
  });

  after(async () => {
    // The suite's own client is closed by now (useSuite's hook runs first).
    const admin = Client.unix(target.socket);
    for (const fp of added) {
      await admin.certificates.delete(fp).catch(() => undefined);
    }
    await admin.close();
    const left = trusted(target).filter((c) => added.has(c.fingerprint));
    assert.deepEqual(left, [], 'every certificate the suite added is gone');
  });

  describe('trust', () => {
    it('pins the certificate a trust token names and becomes trusted with the token, which then ends Cancelled', async () => {
      const cert = await newCert();
      const name = uniqueName('https-token');
      const issued = await s.client.certificates.issueToken(name);
      const presented = await fetchServerCertificate(url);
      assert.equal(presented.fingerprint, issued.decoded.fingerprint, 'the server presents the certificate the token names');
      assert.deepEqual(issued.decoded.addresses, [target.https]);

      const ops: OperationEvent[] = [];
      const sub = s.client.events.subscribe({
        types: ['operation'],
        allProjects: true,
        onEvent: (e) => e.type === 'operation' && ops.push(e),
      });
      await sub.ready;
      const remote = Client.https({ url, clientCert: cert.cert, clientKey: cert.key, serverFingerprint: issued.decoded.fingerprint });
      try {
        assert.equal((await remote.serverInfo()).auth, 'untrusted');
        await remote.certificates.trustMe({ token: issued.token });
        assert.equal((await remote.serverInfo({ refresh: true })).auth, 'trusted');
        const entry = trusted(target).find((c) => c.fingerprint === cert.fingerprint);
        assert.equal(entry?.name, name, 'the certificate is trusted under the name the token was issued for');
        await eventually(
          () => ops.some((e) => e.metadata.id === issued.operationId && e.metadata.status === 'Cancelled'),
          'the token operation ends Cancelled',
        );
      } finally {
        sub.close();
        await remote.close();
      }
    });

    it('refuses a token that was already used or revoked, and leaves the client untrusted', async () => {
      const first = await newCert();
      const issued = await s.client.certificates.issueToken(uniqueName('https-once'));
      const used = remoteFor(first);
      await used.certificates.trustMe({ token: issued.token });
      await used.close();

      const revoked = await s.client.certificates.issueToken(uniqueName('https-revoked'));
      await s.client.certificates.revokeToken(revoked.operationId);

      const cert = await newCert();
      const remote = remoteFor(cert);
      try {
        for (const token of [issued.token, revoked.token]) {
          await assert.rejects(remote.certificates.trustMe({ token }), (e: unknown) => {
            assert.ok(e instanceof NotTrustedError, String(e));
            assert.match(e.message, /refused the trust token/);
            assert.match(e.message, new RegExp(`${target.cli} config trust add`));
            return true;
          });
        }
        assert.ok(!trusted(target).some((c) => c.fingerprint === cert.fingerprint));
      } finally {
        await remote.close();
      }
    });

    it('tells an untrusted client to add its certificate with a token, for requests, websockets and SFTP', async () => {
      const remote = remoteFor(await newCert());
      try {
        assert.equal((await remote.serverInfo()).auth, 'untrusted', 'GET /1.0 answers untrusted clients');
        const check = (e: unknown): boolean => {
          assert.ok(e instanceof NotTrustedError, String(e));
          assert.equal(e.status, 403);
          assert.match(e.message, /does not trust this client/);
          assert.match(e.message, new RegExp(`run "${target.cli} config trust add"`));
          assert.equal(e.lxdMessage, 'not authorized');
          return true;
        };
        await assert.rejects(remote.instances.list(), check);
        await assert.rejects(remote.events.connect({ types: ['lifecycle'] }), check);
        await assert.rejects(remote.sftp.open(uniqueName('https-untrusted')), check);
      } finally {
        await remote.close();
      }
    });

    it("keeps the server's own 403 for a restricted certificate: it is trusted, only not for that", async () => {
      const cert = await newCert();
      await s.client.certificates.add({
        name: uniqueName('https-restricted'),
        certificate: cert.cert,
        restricted: true,
        projects: [testbed().project],
      });
      const remote = remoteFor(cert);
      try {
        assert.ok((await remote.instances.list()).length >= 0, 'its own project is allowed');
        await assert.rejects(remote.server.patch({ 'user.lxdx-test': '1' }), (e: unknown) => {
          assert.ok(e instanceof ApiError && !(e instanceof NotTrustedError), String(e));
          assert.equal(e.status, 403);
          assert.equal(e.message, e.lxdMessage, "the server's words, not the trust advice");
          return true;
        });
      } finally {
        await remote.close();
      }
    });

    it('refuses a server whose certificate is not the pinned one, and the daemon never sees the request', async () => {
      const issued = await s.client.certificates.issueToken(uniqueName('https-pin'));
      const cert = await newCert();
      const wrongPin = 'ab'.repeat(32);
      const remote = Client.https({ url, clientCert: cert.cert, clientKey: cert.key, serverFingerprint: wrongPin });
      try {
        await assert.rejects(remote.certificates.trustMe({ token: issued.token }), (e: unknown) => {
          assert.ok(e instanceof TransportError, String(e));
          assert.equal(e.code, 'CERT_PIN_MISMATCH');
          assert.match(e.message, /does not match the trusted one.*Nothing was sent/);
          return true;
        });
        // Had the request reached the daemon, the token would be used up and the client trusted.
        assert.equal(
          query<{ status: string }>(target, `/1.0/operations/${issued.operationId}`).status,
          'Running',
          'the token is still unused',
        );
        assert.ok(!trusted(target).some((c) => c.fingerprint === cert.fingerprint));
      } finally {
        await remote.close();
        await s.client.certificates.revokeToken(issued.operationId).catch(() => undefined);
      }
    });

    // Only LXD has a trust password (Incus is tested below for saying so).
    const lxdOnly = target.name === 'lxd' ? it : undefined;
    lxdOnly?.('trusts a client by the LXD trust password, and refuses a wrong one', async function () {
      const configured = query<{ config: Record<string, unknown> }>(target, '/1.0').config['core.trust_password'];
      if (!target.owned || configured !== undefined) {
        this.skip(); // Only set a password on a daemon the test bed owns, and only when none is set.
      }
      const password = `lxdx-${Math.random().toString(36).slice(2)}`;
      const remote = remoteFor(await newCert());
      await s.client.server.patch({ 'core.trust_password': password });
      try {
        await assert.rejects(
          remote.certificates.trustMe({ password: 'wrong' }),
          (e: unknown) => e instanceof NotTrustedError && /refused the trust password/.test(e.message),
        );
        await remote.certificates.trustMe({ password }, { name: uniqueName('https-pw') });
        assert.equal((await remote.serverInfo({ refresh: true })).auth, 'trusted');
      } finally {
        await s.client.server.patch({ 'core.trust_password': '' });
        await remote.close();
      }
      assert.equal(
        query<{ config: Record<string, unknown> }>(target, '/1.0').config['core.trust_password'],
        undefined,
        'the password is unset again',
      );
    });

    const incusOnly = target.name === 'incus' ? it : undefined;
    incusOnly?.('says Incus has no trust password, without sending one', async function () {
      const traces: RequestTrace[] = [];
      const remote = remoteFor(await newCert(), { onTrace: (t) => traces.push(t) });
      try {
        await assert.rejects(remote.certificates.trustMe({ password: 'anything' }), /Incus has no trust password.*incus config trust add/);
        assert.ok(!traces.some((t) => t.method === 'POST'), 'nothing was posted');
      } finally {
        await remote.close();
      }
    });
  });

  describe('over HTTPS', () => {
    let remote: Client;
    let handshakes: Handshake[];
    let traces: RequestTrace[];
    let websocketPaths: string[];
    let cert: ClientCertificate;

    before(async () => {
      cert = await newCert();
      await s.client.certificates.add({ name: uniqueName('https-smoke'), certificate: cert.cert });
      handshakes = [];
      traces = [];
      websocketPaths = [];
      remote = remoteFor(cert, { onTrace: (t) => traces.push(t), onHandshake: (h) => handshakes.push(h) });
      // Records every websocket path as sent (with its secret), to prove the traces never carry one.
      const transport = remote.transport;
      const open = transport.websocket.bind(transport);
      transport.websocket = (p, o) => (websocketPaths.push(p), open(p, o));
    });
    after(() => remote.close());

    it('shows the client as trusted, over TLS 1.3 and HTTP/1.1', async () => {
      const info = await remote.serverInfo();
      assert.equal(info.auth, 'trusted');
      assert.equal(info.environment?.server, target.name);
      assert.equal(info.environment?.certificate_fingerprint, handshakes[0].serverFingerprint);
      assert.equal(handshakes[0].protocol, 'TLSv1.3');
      // The daemons list only h2 in ALPN; the client offers only http/1.1, so none is negotiated.
      assert.notEqual(handshakes[0].alpnProtocol, 'h2');
    });

    it('lists the instances of the test project', async () => {
      const name = await s.fx.create('https-list');
      const names = (await remote.instances.list()).map((i) => i.name);
      assert.ok(names.includes(name), `${name} in ${names.join(', ')}`);
    });

    it('creates, starts, runs a command in, stops and deletes an instance, with events arriving over HTTPS', async () => {
      const name = uniqueName('https-life');
      s.fx.track(name);
      const events: LifecycleEvent[] = [];
      const sub = remote.events.subscribe({ types: ['lifecycle'], onEvent: (e) => e.type === 'lifecycle' && events.push(e) });
      try {
        await sub.ready;
        await remote.instances.create(new InstanceBuilder(name).image({ alias: testbed().image })).wait();
        await remote.instances.start(name).wait();
        assert.equal(query<{ status: string }>(target, `/1.0/instances/${name}`, testbed().project).status, 'Running');
        await eventually(
          () =>
            events.some((e) => e.metadata.action === 'instance-started' && e.metadata.source.split('?')[0] === `/1.0/instances/${name}`),
          'instance-started arrives over HTTPS',
        );

        const r = await remote.exec.run(name, { command: ['sh', '-c', 'read x; echo "got:$x"; echo err >&2; exit 7'], stdin: 'hello\n' });
        assert.deepEqual(
          { out: r.stdout.toString(), err: r.stderr.toString(), code: r.exitCode },
          { out: 'got:hello\n', err: 'err\n', code: 7 },
        );

        await remote.files.write(name, '/tmp/https.txt', 'over https\n');
        assert.equal(cli(target, ['exec', name, '--project', testbed().project, '--', 'cat', '/tmp/https.txt']), 'over https\n');
        assert.equal((await remote.files.readFile(name, '/tmp/https.txt')).toString(), 'over https\n');

        await remote.instances.stop(name, { force: true }).wait();
        await remote.instances.delete(name).wait();
        assert.equal(queryMaybe(target, `/1.0/instances/${name}`, testbed().project), undefined);
      } finally {
        sub.close();
      }
    });

    it('opens an SFTP session on a verified connection of its own', async () => {
      const name = await s.fx.create('https-sftp', { start: true });
      await s.client.files.write(name, '/tmp/over-https', 'sftp\n');
      const before = handshakes.length;
      const sftp = await remote.sftp.open(name);
      try {
        assert.equal(handshakes.length, before + 1, 'one new TLS connection, verified against the pin');
        assert.deepEqual(await sftp.stat('/tmp/over-https'), await sftp.lstat('/tmp/over-https'));
        assert.equal((await sftp.stat('/tmp/over-https')).size, 5);
      } finally {
        sftp.close();
      }
      assert.ok(
        traces.some((t) => t.path.startsWith(`/1.0/instances/${name}/sftp`) && t.status === 101),
        'the upgrade is traced',
      );
    });

    it('reuses its TLS connections over 20 requests in a row', async () => {
      const count: Handshake[] = [];
      const pooled = remoteFor(cert, { onHandshake: (h) => count.push(h) });
      try {
        // undici may open a second connection for the second request: the pool marks a connection
        // free a microtask after its first reply was read. From then on every request reuses one.
        await pooled.server.get();
        await pooled.server.get();
        const warm = count.length;
        for (let i = 0; i < 18; i++) {
          await pooled.server.get();
        }
        assert.ok(warm <= 2, `${warm} handshakes for the first two requests`);
        assert.equal(count.length, warm, `18 more requests opened ${count.length - warm} more connections`);
      } finally {
        await pooled.close();
      }
    });

    it('never traces a websocket secret, a token or a private key', async () => {
      // Everything above ran with the trace collector; add a trust by token and a refused websocket.
      const newcomer = await newCert();
      const untrusted = remoteFor(newcomer, { onTrace: (t) => traces.push(t) });
      const token = await s.client.certificates.issueToken(uniqueName('https-trace'));
      try {
        await untrusted.certificates.trustMe({ token: token.token });
        await assert.rejects(untrusted.requester.transport.websocket('/1.0/operations/lxdx-none/websocket?secret=lxdx-bogus-secret-value'));
      } finally {
        await untrusted.close();
      }

      const secrets = websocketPaths.map((p) => /[?&]secret=([^&]+)/.exec(p)?.[1]).filter((x): x is string => !!x);
      assert.ok(secrets.length >= 4, `exec opened its websockets (${secrets.length} secrets seen)`);
      const text = JSON.stringify(traces);
      assert.ok(
        traces.some((t) => /\/websocket\?secret=\*\*\*$/.test(t.path) && t.status === 101),
        'websocket opens are traced, redacted',
      );
      assert.ok(
        traces.some((t) => t.path.endsWith('secret=***') && t.error),
        'the refused websocket is traced, redacted',
      );
      const keyLines = [cert.key, newcomer.key].flatMap((k) => k.split('\n')).filter((l) => l && !l.startsWith('-----'));
      for (const secret of [...secrets, 'lxdx-bogus-secret-value', token.token, token.decoded.secret, ...keyLines]) {
        assert.ok(!text.includes(secret), `a trace carries ${secret.slice(0, 8)}…`);
      }
    });
  });
});

describe('https pinning against a TLS server that records what it receives', () => {
  let server: tls.Server;
  let port: number;
  const received: { handshakes: number; bytes: number; closed: number } = { handshakes: 0, bytes: 0, closed: 0 };

  before(async () => {
    const identity = await generateClientCertificate({ commonName: 'lxdx-impostor' });
    server = tls.createServer({ cert: identity.cert, key: identity.key, minVersion: 'TLSv1.3' }, (socket) => {
      received.handshakes++;
      socket.on('data', (d: Buffer) => (received.bytes += d.length));
      socket.on('error', () => undefined);
      socket.on('close', () => received.closed++);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('refuses the impostor after the handshake, for requests, websockets and upgrades, and sends it no byte', async () => {
    const cert = await generateClientCertificate({ commonName: 'lxdx-test@localhost' });
    const client = Client.https({
      url: `https://127.0.0.1:${port}`,
      clientCert: cert.cert,
      clientKey: cert.key,
      serverFingerprint: 'cd'.repeat(32),
    });
    try {
      const mismatch = (e: unknown): boolean => e instanceof TransportError && e.code === 'CERT_PIN_MISMATCH';
      await assert.rejects(client.server.get(), mismatch);
      await assert.rejects(client.events.connect(), mismatch);
      await assert.rejects(client.sftp.open('lxdx-impostor'), mismatch);
      // The client completed every handshake (the server saw them) and closed without a request.
      await eventually(() => received.handshakes === 3 && received.closed === 3, 'every connection was set up and closed');
      assert.equal(received.bytes, 0, 'no application byte reached the impostor');
    } finally {
      await client.close();
    }
  });
});
