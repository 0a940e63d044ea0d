import * as assert from 'node:assert/strict';
import type { Image, Operation } from '../../src/generated';
import {
  ApiError,
  CancelledError,
  ImageServer,
  ImageServerCatalogue,
  InstanceBuilder,
  Progress,
  RemoteImage,
  remoteImageRef,
} from '../../src/client';
import { cli, queryMaybe } from '../support/cli';
import { eventually, forEachTarget, useSuite } from '../support/fixtures';
import { ImageServerRelay } from '../support/imageServerRelay';
import { testImageServer, testbed, uniqueName } from '../support/testbed';

/** A daemon busy with other suites answers an operation's wait only every second or so. */
const SLOW = 30_000;

/**
 * Launching from the test bed's simplestreams server through the client, on each daemon. Each test
 * first deletes the daemon's copy of the image it launches, so the daemon really downloads it.
 */
forEachTarget('image servers: launching from one', (target) => {
  const { project } = testbed();
  const served = testImageServer();
  const server: ImageServer = { url: served.url, protocol: 'simplestreams', certificate: served.certificate };
  const s = useSuite(target);
  let images: RemoteImage[];
  let architecture: string;
  let relay: ImageServerRelay;

  before(async () => {
    images = await new ImageServerCatalogue().list(server, { flavour: target.name });
    architecture = (await s.client.serverInfo()).environment?.architectures?.[0] ?? '';
  });
  beforeEach(async () => {
    relay = await ImageServerRelay.start(served);
  });
  afterEach(async () => {
    await relay.close();
  });

  const image = (alias: RegExp): RemoteImage => images.find((i) => i.aliases.some((a) => alias.test(a)))!;
  const cached = (fp: string): Image | undefined => queryMaybe<Image>(target, `/1.0/images/${fp}`, project);
  const instance = (name: string): { status: string } | undefined => queryMaybe(target, `/1.0/instances/${name}`, project);

  /** Deletes the daemon's copy of the image (if any), and deletes it again after the suite. */
  const uncached = (img: RemoteImage): RemoteImage => {
    if (cached(img.fingerprint)) {
      cli(target, ['image', 'delete', img.fingerprint, '--project', project]);
    }
    s.cleanup.defer(() => s.client.images.delete(img.fingerprint).wait());
    return img;
  };

  /** Starts creating an instance from `img` on `from`, without waiting. */
  const startCreate = async (
    img: RemoteImage,
    from: ImageServer,
  ): Promise<{ name: string; op: Awaited<ReturnType<typeof s.client.instances.create>> }> => {
    const name = uniqueName('fromserver');
    s.fx.track(name);
    const builder = new InstanceBuilder(name).image(remoteImageRef(from, img, { kind: target.name, architecture }));
    return { name, op: await s.client.instances.create(builder) };
  };

  const nothingLeft = (name: string, img: RemoteImage): void => {
    assert.equal(instance(name), undefined, 'no instance was left behind');
    assert.equal(cached(img.fingerprint), undefined, 'no image was left behind');
  };

  it('launches an instance by alias from the self-signed image server, which the daemon downloads as a cached image that remembers its source and alias', async () => {
    const img = uncached(image(/^busybox\/edge$/));
    const name = uniqueName('fromserver');
    s.fx.track(name);
    await s.client.instances.launch(new InstanceBuilder(name).image(remoteImageRef(server, img, { kind: target.name, architecture })));
    assert.equal(instance(name)?.status, 'Running');
    const downloaded = cached(img.fingerprint);
    assert.ok(downloaded, 'the daemon has the image now');
    assert.equal(downloaded.cached, true, 'downloaded for an instance: cached, to be dropped when unused');
    assert.deepEqual(
      { server: downloaded.update_source?.server, protocol: downloaded.update_source?.protocol, alias: downloaded.update_source?.alias },
      { server: served.url, protocol: 'simplestreams', alias: 'busybox/edge/default' },
    );
    assert.equal(downloaded.properties?.os, 'Busybox');
    assert.equal(downloaded.properties?.release, 'edge');
  });

  it("reports the download's progress per file while the daemon downloads, before the instance exists", async () => {
    const img = uncached(image(/^busybox\/[0-9.]+$/));
    const hold = relay.hold(/root\.tar\.xz$/);
    const { name, op } = await startCreate(img, { ...server, url: relay.url });
    const seen: Progress[] = [];
    const done = op.wait({ onProgress: (p) => seen.push(p) });
    await hold.reached;
    const during: Operation = await eventually(
      async () => {
        const now = await op.get();
        return /^rootfs: \d+%/.test(String((now.metadata as Record<string, unknown> | null)?.download_progress)) ? now : undefined;
      },
      'the operation reports the rootfs download',
      SLOW,
    );
    assert.equal(during.may_cancel, true, 'a download can be cancelled');
    assert.equal(instance(name), undefined, 'the instance is created once the image is there');
    await eventually(() => seen.some((p) => /^rootfs: /.test(p.text)), 'wait() passes the progress on', SLOW);
    hold.release();
    await done;
    const rootfs = seen.find((p) => /^rootfs: /.test(p.text))!;
    assert.ok(rootfs.percent! > 0 && rootfs.percent! < 100, `a percentage midway: ${rootfs.text}`);
    assert.match(rootfs.text, /^rootfs: \d+% \([0-9.]+[kMG]?B\/s\)$/, 'with the speed');
    assert.ok(instance(name), 'the instance exists once the download finished');
  });

  it('cancels a download midway: the daemon drops the connection and leaves no instance and no image', async () => {
    const img = uncached(image(/^busybox\/edge$/));
    const hold = relay.hold(/root\.tar\.xz$/);
    const { name, op } = await startCreate(img, { ...server, url: relay.url });
    await hold.reached;
    // As a user would: once the download's progress shows (wait() then knows it may be cancelled).
    const seen: Progress[] = [];
    const ac = new AbortController();
    const waiting = op.wait({ signal: ac.signal, onProgress: (p) => seen.push(p) });
    await eventually(() => seen.some((p) => /^rootfs: /.test(p.text)), "the download's progress shows", SLOW);
    ac.abort();
    await assert.rejects(waiting, CancelledError);
    await hold.closed;
    // The daemons mostly end a cancelled download as a failure, "context canceled"; Incus
    // sometimes as Cancelled, depending on which of the download and the cancel ends first.
    const ended = await eventually(
      async () => {
        const o = await op.get();
        return o.status_code !== 103 ? o : undefined;
      },
      'the operation ends',
      SLOW,
    );
    assert.ok(
      (ended.status === 'Failure' && ended.err === 'context canceled') || ended.status === 'Cancelled',
      `ended as ${ended.status} ${ended.err}`,
    );
    nothingLeft(name, img);
  });

  it('cancels a download aborted before wait() ever polled the operation, which was made not cancellable', async () => {
    const img = uncached(image(/^busybox\/edge$/));
    const hold = relay.hold(/root\.tar\.xz$/);
    const { name, op } = await startCreate(img, { ...server, url: relay.url });
    assert.equal(op.initial.may_cancel, false, 'the create operation starts as not cancellable');
    await hold.reached;
    const ac = new AbortController();
    ac.abort();
    await assert.rejects(op.wait({ signal: ac.signal }), (e: unknown) => e instanceof CancelledError && !/cannot cancel/.test(e.message));
    await hold.closed;
    await eventually(async () => ((await op.get()).status_code !== 103 ? true : undefined), 'the operation ends', SLOW);
    nothingLeft(name, img);
  });

  it("fails a download cut midway with the daemon's error, and leaves no instance and no image", async () => {
    const img = uncached(image(/^busybox\/[0-9.]+\/cloud$/));
    const hold = relay.hold(/root\.tar\.xz$/);
    const { name, op } = await startCreate(img, { ...server, url: relay.url });
    await hold.reached;
    hold.cut();
    await assert.rejects(op.wait(), (e: unknown) => e instanceof ApiError && /unexpected EOF/.test(e.lxdMessage));
    nothingLeft(name, img);
  });

  it('refuses a download whose bytes do not match the index, and keeps nothing', async () => {
    const img = uncached(image(/^busybox\/edge$/));
    relay.corrupt(/root\.tar\.xz$/);
    const { name, op } = await startCreate(img, { ...server, url: relay.url });
    await assert.rejects(op.wait(), (e: unknown) => e instanceof ApiError && /hash|fingerprint|sha256/i.test(e.lxdMessage));
    nothingLeft(name, img);
  });

  it('refuses the self-signed server when the source carries no certificate, and keeps nothing', async () => {
    const img = uncached(image(/^busybox\/edge$/));
    const name = uniqueName('fromserver');
    s.fx.track(name);
    const builder = new InstanceBuilder(name).image(
      remoteImageRef({ ...server, url: relay.url, certificate: undefined }, img, { kind: target.name, architecture }),
    );
    // A clustered server (the test bed's Incus) looks the image up to place the instance, so the
    // request itself fails; a standalone one (LXD) fails the operation.
    await assert.rejects(
      s.client.instances.create(builder).wait(),
      (e: unknown) => e instanceof ApiError && /certificate signed by unknown authority/.test(e.lxdMessage),
    );
    assert.deepEqual(relay.requests, [], 'the daemon refused the server before asking it anything');
    nothingLeft(name, img);
  });
});
