import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  ApiError,
  CancelledError,
  ImageServer,
  ImageServerCatalogue,
  ImageServerError,
  RemoteImage,
  TimeoutError,
  TransportError,
} from '../../src/client';
import { cliEnv } from '../support/cli';
import { ConnectProxy, closedPort } from '../support/connectProxy';
import { Cleanup, clientFor } from '../support/fixtures';
import { ImageServerRelay } from '../support/imageServerRelay';
import { unifiedImage } from '../support/images';
import { Target, testImageServer, testbed } from '../support/testbed';

interface CliImage {
  fingerprint: string;
  aliases: { name: string }[] | null;
  architecture: string;
  type: string;
  size: number;
  properties: Record<string, string>;
}

/** The image server's images as the target's own CLI lists them (`lxc image list remote:`): the daemons' simplestreams code. */
function cliList(target: Target, server: ImageServer): CliImage[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lxdx-cliconf-'));
  try {
    fs.writeFileSync(
      path.join(dir, 'config.yml'),
      `remotes:\n  lxdx-ss:\n    addr: ${server.url}\n    protocol: simplestreams\n    public: true\n`,
    );
    fs.mkdirSync(path.join(dir, 'servercerts'));
    fs.writeFileSync(path.join(dir, 'servercerts', 'lxdx-ss.crt'), server.certificate!);
    const env = { ...cliEnv(target), [target.name === 'lxd' ? 'LXD_CONF' : 'INCUS_CONF']: dir };
    return JSON.parse(
      execFileSync(target.cli, ['image', 'list', 'lxdx-ss:', '--format', 'json'], { env, encoding: 'utf8', timeout: 30_000 }),
    ) as CliImage[];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('image servers: reading the test bed image server', function () {
  const served = testImageServer();
  const server: ImageServer = { url: served.url, protocol: 'simplestreams', certificate: served.certificate };
  let relay: ImageServerRelay;

  beforeEach(async () => {
    relay = await ImageServerRelay.start(served);
  });
  afterEach(async () => {
    await relay.close();
  });
  const viaRelay = (): ImageServer => ({ ...server, url: relay.url });

  for (const target of testbed().targets) {
    it(`lists each image with the fingerprint, aliases and properties ${target.cli}'s own image list shows [${target.name}]`, async () => {
      const mine = await new ImageServerCatalogue().list(server, { flavour: target.name });
      const theirs = cliList(target, server);
      assert.equal(mine.length, 3, 'busybox/<release>, its cloud variant and busybox/edge');
      assert.deepEqual(mine.map((i) => i.fingerprint).sort(), theirs.map((i) => i.fingerprint).sort());
      for (const cli of theirs) {
        const image = mine.find((i) => i.fingerprint === cli.fingerprint)!;
        // The CLI adds `<alias>/<arch>` to each alias the server gives.
        assert.deepEqual(
          image.aliases.sort(),
          (cli.aliases ?? [])
            .map((a) => a.name)
            .filter((n) => !n.endsWith('/amd64'))
            .sort(),
        );
        assert.deepEqual(
          {
            os: image.os,
            release: image.release,
            variant: image.variant,
            architecture: image.architecture,
            type: image.type,
            size: image.size,
            serial: image.serial,
          },
          {
            os: cli.properties.os,
            release: cli.properties.release,
            variant: cli.properties.variant,
            architecture: cli.architecture,
            type: cli.type,
            size: cli.size,
            serial: cli.properties.serial,
          },
        );
      }
      assert.ok(mine.some((i) => i.aliases.includes('busybox/edge') && i.variant === 'default'));
      assert.ok(mine.some((i) => i.aliases.some((a) => /^busybox\/[0-9.]+\/cloud$/.test(a)) && i.variant === 'cloud'));
    });
  }

  it('gives each daemon the fingerprint of the metadata it reads, which here are the same bytes', async () => {
    const catalogue = new ImageServerCatalogue();
    const lxd = await catalogue.list(server, { flavour: 'lxd' });
    const incus = await catalogue.list(server, { flavour: 'incus' });
    assert.deepEqual(
      lxd.map((i) => i.fingerprint),
      incus.map((i) => i.fingerprint),
    );
  });

  it('reads a server once while its list is fresh; `refresh` and an expired list read it again', async () => {
    let now = 1_000_000;
    const catalogue = new ImageServerCatalogue({ ttlMs: 60_000, now: () => now });
    const first = await catalogue.list(viaRelay());
    assert.deepEqual([relay.count(/index\.json$/), relay.count(/images\.json$/)], [1, 1]);
    assert.deepEqual(await catalogue.list(viaRelay()), first);
    assert.deepEqual(await catalogue.list({ ...viaRelay(), url: `${relay.url}/` }), first, 'the same server with a trailing slash');
    assert.equal(relay.count(/index\.json$/), 1, 'answered from the cache');
    await catalogue.list(viaRelay(), { refresh: true });
    assert.equal(relay.count(/index\.json$/), 2);
    now += 60_001;
    await catalogue.list(viaRelay());
    assert.equal(relay.count(/index\.json$/), 3, 'the list expired');
    catalogue.forget(viaRelay());
    await catalogue.list(viaRelay());
    assert.equal(relay.count(/index\.json$/), 4, 'forgotten');
  });

  it('shares one read between callers that ask at the same time', async () => {
    const catalogue = new ImageServerCatalogue();
    const lists = await Promise.all([
      catalogue.list(viaRelay()),
      catalogue.list(viaRelay(), { flavour: 'incus' }),
      catalogue.list(viaRelay()),
    ]);
    assert.equal(relay.count(/images\.json$/), 1);
    assert.equal(lists[0].length, 3);
  });

  it('refuses a server whose certificate is not the one given for it, before asking it anything', async () => {
    const other = fs.readFileSync(testbed().targets[0].serverCertPath!, 'utf8');
    await assert.rejects(new ImageServerCatalogue().list({ ...viaRelay(), certificate: other }), (e: unknown) => {
      assert.ok(e instanceof TransportError, String(e));
      assert.equal(e.code, 'CERT_PIN_MISMATCH');
      assert.match(e.message, /another certificate than the one given/);
      return true;
    });
    assert.deepEqual(relay.requests, [], 'no request was sent');
  });

  it('says a self-signed server is not trusted when no certificate is given for it', async () => {
    await assert.rejects(new ImageServerCatalogue().list({ ...viaRelay(), certificate: undefined }), (e: unknown) => {
      assert.ok(e instanceof TransportError, String(e));
      assert.match(e.message, /does not trust the server's certificate.*give its certificate/);
      return true;
    });
    assert.deepEqual(relay.requests, []);
  });

  it('does not read a file larger than the limit', async () => {
    await assert.rejects(
      new ImageServerCatalogue({ maxBytes: 1000 }).list(viaRelay()),
      (e: unknown) => e instanceof ImageServerError && /images\.json is larger than 1000 bytes/.test(e.message),
    );
  });

  it('gives up on a server that stops answering midway, within the time limit', async () => {
    relay.hold(/images\.json$/);
    const started = Date.now();
    await assert.rejects(
      new ImageServerCatalogue({ timeoutMs: 1500 }).list(viaRelay()),
      (e: unknown) => e instanceof TimeoutError && /images\.json did not finish within 1500 ms/.test(e.message),
    );
    assert.ok(Date.now() - started < 5000);
  });

  it('stops waiting when the caller cancels, while the read goes on for the others; a failed read is not kept', async () => {
    const hold = relay.hold(/images\.json$/);
    const catalogue = new ImageServerCatalogue();
    const ac = new AbortController();
    const cancelled = catalogue.list(viaRelay(), { signal: ac.signal });
    const patient = catalogue.list(viaRelay());
    await hold.reached;
    ac.abort();
    await assert.rejects(cancelled, CancelledError);
    hold.release();
    assert.equal((await patient).length, 3);
    assert.equal(relay.count(/images\.json$/), 1);

    const failing = relay.hold(/images\.json$/);
    const broken = catalogue.list(viaRelay(), { refresh: true });
    await failing.reached;
    failing.cut();
    await assert.rejects(broken, TransportError);
    assert.equal((await catalogue.list(viaRelay())).length, 3, 'read again after the failure');
  });

  it('says a server that serves no simplestreams index is not one', async () => {
    const lxd = testbed().targets.find((t) => t.https && t.serverCertPath)!;
    const notStreams: ImageServer = {
      url: `https://${lxd.https}`,
      protocol: 'simplestreams',
      certificate: fs.readFileSync(lxd.serverCertPath!, 'utf8'),
    };
    await assert.rejects(
      new ImageServerCatalogue().list(notStreams),
      (e: unknown) =>
        e instanceof ImageServerError && /index\.json answered HTTP 404: is this a simplestreams image server\?/.test(e.message),
    );
  });

  it('reads a server through the HTTP proxy it is given, with the certificate still pinned end to end, and never proxies loopback', async () => {
    const upstream = new URL(served.url);
    const proxy = await ConnectProxy.start({ host: upstream.hostname, port: Number(upstream.port) });
    try {
      // A made-up name only the proxy knows how to reach: the client resolves nothing itself.
      const far: ImageServer = { ...server, url: `https://images.invalid${upstream.pathname}` };
      const images = await new ImageServerCatalogue({
        proxy: { url: `http://lxdx:s3cret@${new URL(proxy.url).host}`, noProxy: ['example.org'] },
      }).list(far);
      assert.equal(images.length, 3);
      assert.ok(
        proxy.connects.length > 0 && proxy.connects.every((c) => c.authority === 'images.invalid:443'),
        JSON.stringify(proxy.connects),
      );
      assert.equal(proxy.connects[0].authorization, `Basic ${Buffer.from('lxdx:s3cret').toString('base64')}`);
      const other = fs.readFileSync(testbed().targets[0].serverCertPath!, 'utf8');
      await assert.rejects(
        new ImageServerCatalogue({ proxy: { url: proxy.url } }).list({ ...far, certificate: other }),
        (e: unknown) => e instanceof TransportError && e.code === 'CERT_PIN_MISMATCH',
      );
      const before = proxy.connects.length;
      assert.equal((await new ImageServerCatalogue({ proxy: { url: proxy.url } }).list(viaRelay())).length, 3);
      assert.equal(proxy.connects.length, before, 'a loopback server is reached directly');
    } finally {
      await proxy.close();
    }
  });

  it('fails at once, naming the proxy, when the proxy does not answer (as the test bed makes every outside server fail)', async () => {
    const dead = `http://127.0.0.1:${await closedPort()}`;
    const started = Date.now();
    await assert.rejects(
      new ImageServerCatalogue({ proxy: { url: dead } }).list({ url: 'https://images.invalid', protocol: 'simplestreams' }),
      (e: unknown) => {
        assert.ok(e instanceof TransportError, String(e));
        assert.equal(e.message, `Cannot reach https://images.invalid:443 through the proxy ${dead}: nothing is listening there.`);
        return true;
      },
    );
    assert.ok(Date.now() - started < 2000, 'within a moment');
  });

  it('reads image servers over HTTPS only', async () => {
    await assert.rejects(
      new ImageServerCatalogue().list({ url: 'http://127.0.0.1:9', protocol: 'simplestreams' }),
      (e: unknown) => e instanceof TypeError && /over HTTPS, not http/.test(e.message),
    );
  });
});

describe('image servers: LXD and Incus servers read without trust', function () {
  const cleanup = new Cleanup();
  after(() => cleanup.run());

  const byName = (name: 'lxd' | 'incus'): Target | undefined => testbed().targets.find((t) => t.name === name && t.https);
  const asImageServer = (t: Target, project?: string): ImageServer => ({
    url: `https://${t.https}`,
    protocol: t.name,
    certificate: fs.readFileSync(t.serverCertPath!, 'utf8'),
    project,
  });

  const lxd = byName('lxd');
  const incus = byName('incus');

  (lxd ? it : it.skip)(
    'lists the public images of an LXD project to a reader without a certificate, and none of its private ones',
    async () => {
      const client = clientFor(lxd!);
      cleanup.defer(() => client.close());
      const [shared, hidden] = [unifiedImage('public'), unifiedImage('private')];
      for (const [built, isPublic] of [
        [shared, true],
        [hidden, false],
      ] as const) {
        cleanup.defer(() => client.images.delete(built.fingerprint).wait());
        await client.images.upload(built.tarball, { public: isPublic }).wait();
      }
      const images: RemoteImage[] = await new ImageServerCatalogue().list(asImageServer(lxd!, testbed().project));
      const mine = images.find((i) => i.fingerprint === shared.fingerprint);
      assert.ok(mine, 'the public image is listed');
      assert.equal(mine.description, shared.description);
      assert.equal(mine.os, 'busybox');
      assert.equal(mine.architecture, 'x86_64');
      assert.ok(!images.some((i) => i.fingerprint === hidden.fingerprint), 'the private image is not');
    },
  );

  (incus ? it : it.skip)("passes on Incus' refusal to show an untrusted reader another project than default", async () => {
    await assert.rejects(
      new ImageServerCatalogue().list(asImageServer(incus!, testbed().project)),
      (e: unknown) => e instanceof ApiError && /only possible against the default project/.test(e.lxdMessage),
    );
  });
});
