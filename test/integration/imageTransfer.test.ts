import * as assert from 'node:assert/strict';
import type { Image } from '../../src/generated';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  ApiError,
  Client,
  ImageServer,
  ImageServerCatalogue,
  InstanceBuilder,
  Progress,
  canRefresh,
  copyImage,
  downloadImage,
  refreshImage,
  remoteImageRef,
  SourceNotReachableError,
} from '../../src/client';
import { cli, queryMaybe } from '../support/cli';
import { Cleanup, clientFor, forEachTarget, useSuite } from '../support/fixtures';
import { unifiedImage } from '../support/images';
import { Target, testImageServer, testbed, uniqueName } from '../support/testbed';

forEachTarget('image servers: refreshing a downloaded image', (target) => {
  const { project } = testbed();
  const served = testImageServer();
  const server: ImageServer = { url: served.url, protocol: 'simplestreams', certificate: served.certificate };
  const s = useSuite(target);

  it('downloads an image by alias into the image store, and refreshing it finds nothing newer and keeps it', async () => {
    const [img] = (await new ImageServerCatalogue().list(server, { flavour: target.name })).filter((i) =>
      i.aliases.includes('busybox/edge'),
    );
    if (queryMaybe(target, `/1.0/images/${img.fingerprint}`, project)) {
      cli(target, ['image', 'delete', img.fingerprint, '--project', project]);
    }
    s.cleanup.defer(() => s.client.images.delete(img.fingerprint).wait());
    const op = await downloadImage(s.client, server, img, { kind: target.name, autoUpdate: true });
    assert.equal((op.metadata as { fingerprint?: string }).fingerprint, img.fingerprint);
    const stored = await s.client.images.get(img.fingerprint);
    assert.equal(stored.cached, false, 'asked for: kept, not a cache entry');
    assert.equal(stored.auto_update, true);
    assert.ok(canRefresh(stored));

    const progress: Progress[] = [];
    assert.deepEqual(await refreshImage(s.client, img.fingerprint, { onProgress: (p) => progress.push(p) }), { refreshed: false });
    assert.ok(queryMaybe(target, `/1.0/images/${img.fingerprint}`, project), 'the image is still there');
  });

  it('says an image that was not downloaded by alias has nowhere to refresh from, without asking the daemon to', async () => {
    const built = unifiedImage('norefresh');
    s.cleanup.defer(() => s.client.images.delete(built.fingerprint).wait());
    await s.client.images.upload(built.tarball).wait();
    assert.equal(canRefresh(await s.client.images.get(built.fingerprint)), false);
    const asked: string[] = [];
    const traced = clientFor(target, { onTrace: (t) => asked.push(`${t.method} ${t.path}`) });
    s.cleanup.defer(() => traced.close());
    await assert.rejects(
      refreshImage(traced, built.fingerprint),
      /not downloaded from an image server by alias.*nowhere to refresh it from/,
    );
    assert.deepEqual(
      asked.filter((a) => a.startsWith('POST')),
      [],
      'no refresh was asked for',
    );
    // What the daemon itself says, for comparison.
    await assert.rejects(
      s.client.images.refresh(built.fingerprint).wait(),
      (e: unknown) => e instanceof ApiError && /Image source not found/.test(e.lxdMessage),
    );
  });
});

const [lxd, incus] = (['lxd', 'incus'] as const).map((name) => testbed().targets.find((t) => t.name === name && t.https)) as Target[];

// Both daemons, over HTTPS: the target downloads from the source's address.
(lxd && incus ? describe : describe.skip)('image servers: copying an image between servers', () => {
  const { project } = testbed();
  const cleanup = new Cleanup();
  const clients = new Map<Target, Client>();
  before(() => {
    for (const t of [lxd, incus]) {
      clients.set(t, clientFor(t));
    }
  });
  after(async () => {
    await cleanup.run();
    await Promise.all([...clients.values()].map((c) => c.close()));
  });
  const raw = (t: Target, fp: string): Image | undefined => queryMaybe<Image>(t, `/1.0/images/${fp}`, project);

  for (const [src, dst] of [
    [lxd, incus],
    [incus, lxd],
  ]) {
    it(`copies a private image from ${src?.name} to ${dst?.name} under a new alias, with a one-time token, and it stays private`, async () => {
      const built = unifiedImage(`copy-${src.name}`);
      const alias = uniqueName('copied');
      const [from, to] = [clients.get(src)!, clients.get(dst)!];
      cleanup.defer(() => from.images.delete(built.fingerprint).wait());
      cleanup.defer(() => to.images.delete(built.fingerprint).wait());
      await from.images.upload(built.tarball, { public: false }).wait();

      const op = await copyImage({ from, to, fingerprint: built.fingerprint, aliases: [alias] });
      assert.equal((op.metadata as { fingerprint?: string }).fingerprint, built.fingerprint);
      const copied = raw(dst, built.fingerprint);
      assert.ok(copied, `${dst.name} has the image`);
      assert.equal(copied.properties?.description, built.description);
      assert.deepEqual(
        copied.aliases?.map((a) => a.name),
        [alias],
      );
      assert.equal(copied.public, false);
      assert.equal(raw(src, built.fingerprint)?.public, false, 'the source image stays private');
    });
  }

  it('says how to make a source that listens only on its unix socket reachable, and asks the target for nothing', async () => {
    // The real LXD behind a unix socket that says it has no network address, as a fresh install does.
    const socket = path.join(os.tmpdir(), `lxdx-unixonly-${process.pid}.sock`);
    fs.rmSync(socket, { force: true });
    const front = http.createServer((req, res) => {
      const upstream = http.request({ socketPath: lxd.socket, path: req.url, method: req.method, headers: req.headers }, (answer) => {
        if (req.method === 'GET' && req.url?.split('?')[0] === '/1.0') {
          const chunks: Buffer[] = [];
          answer.on('data', (c: Buffer) => chunks.push(c));
          answer.on('end', () => {
            const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { metadata: { environment: { addresses: string[] } } };
            body.metadata.environment.addresses = [];
            res.writeHead(answer.statusCode ?? 200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
          });
        } else {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        }
      });
      req.pipe(upstream);
    });
    await new Promise<void>((resolve) => front.listen(socket, resolve));
    cleanup.defer(() => new Promise<void>((resolve) => front.close(() => resolve())));
    const built = unifiedImage('unix-only');
    const direct = clients.get(lxd)!;
    cleanup.defer(() => direct.images.delete(built.fingerprint).wait());
    await direct.images.upload(built.tarball).wait();
    const from = Client.unix(socket, { project });
    cleanup.defer(() => from.close());
    let asked = 0;
    const to = Client.unix(incus.socket, { project, onTrace: (t) => void (t.method !== 'GET' && asked++) });
    cleanup.defer(() => to.close());
    await assert.rejects(copyImage({ from, to, fingerprint: built.fingerprint }), (e: unknown) => {
      assert.ok(e instanceof SourceNotReachableError, String(e));
      assert.equal(
        e.message,
        `unix:${socket} listens only on its unix socket, so unix:${incus.socket} cannot download the image from it. Make the source listen on the network ("lxc config set core.https_address :8443" on it), then copy again.`,
      );
      return true;
    });
    assert.equal(asked, 0, 'nothing was asked of the target');
    assert.equal(raw(incus, built.fingerprint), undefined);
  });

  it('downloads a public image of an LXD project into Incus by alias, read as an LXD image server, and makes an instance of it', async () => {
    const built = unifiedImage('lxd-as-server');
    const alias = uniqueName('shared');
    const [from, to] = [clients.get(lxd)!, clients.get(incus)!];
    cleanup.defer(() => from.images.delete(built.fingerprint).wait());
    cleanup.defer(() => to.images.delete(built.fingerprint).wait());
    await from.images.upload(built.tarball, { public: true }).wait();
    await from.images.addAlias(alias, built.fingerprint);
    cleanup.defer(() => from.images.deleteAlias(alias));

    const server: ImageServer = {
      url: `https://${lxd.https}`,
      protocol: 'lxd',
      certificate: fs.readFileSync(lxd.serverCertPath!, 'utf8'),
      project,
    };
    const offered = (await new ImageServerCatalogue().list(server)).find((i) => i.fingerprint === built.fingerprint);
    assert.ok(offered, 'LXD offers its public image');
    assert.deepEqual(offered.aliases, [alias]);

    // Creating the instance straight from the server looks in its default project only.
    const name = uniqueName('fromlxd');
    cleanup.defer(() => to.instances.delete(name).wait());
    const direct = new InstanceBuilder(name).image(remoteImageRef(server, offered, { kind: 'incus' }));
    await assert.rejects(to.instances.create(direct).wait(), (e: unknown) => e instanceof ApiError && /Image not found/.test(e.lxdMessage));

    const op = await downloadImage(to, server, offered, { kind: 'incus' });
    assert.equal((op.metadata as { fingerprint?: string }).fingerprint, built.fingerprint);
    const stored = raw(incus, built.fingerprint);
    assert.deepEqual(
      { server: stored?.update_source?.server, protocol: stored?.update_source?.protocol, alias: stored?.update_source?.alias },
      { server: server.url, protocol: 'incus', alias },
      'Incus records where it came from',
    );
    // The image holds no init: created, not started.
    await to.instances.create(new InstanceBuilder(name).image({ fingerprint: built.fingerprint })).wait();
    assert.ok(queryMaybe(incus, `/1.0/instances/${name}`, project), 'the instance exists');
  });
});
