import * as assert from 'assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Image } from '../../src/generated';
import { Client, ImageServer, ImageServerCatalogue, RemoteImage, downloadImage } from '../../src/client';
import { cli, query, queryMaybe } from '../support/cli';
import { ImageServerRelay } from '../support/imageServerRelay';
import { unifiedImage } from '../support/images';
import { Target, testImageServer, testbed, uniqueName } from '../support/testbed';
import { CliInstances, instancesPane, revealInstanceRow, runCli, testbedConnections, waitForInstanceRow } from './harness/explorer';
import { useWorkbench } from './harness/session';
import { atStep, finishWizard, viewRow } from './harness/views';
import { waitFor } from './harness/wait';
import { Workbench } from './harness/workbench';

/** Rows the wizard shows for a server it could not read: an error, not an image. */
const ERROR_ROW = /^(images|ubuntu|ubuntu-daily): /;

/**
 * Launching from image servers through the product, on LXD and on Incus. The image servers are the
 * test bed's (`lxdx-images:`, in the lxd.imageServers setting) and a relay in front of it
 * (`lxdx-relay:`, a remote of a fresh lxc configuration with its certificate in servercerts, next
 * to lxc's own `images:` and `ubuntu:`, which cannot be reached from here and fail at once through
 * the test bed's closed proxy). The relay holds a download midway, so there is time to see its
 * progress and to cancel it. What the daemons did is read with their own CLIs.
 */
describe('Launching instances from image servers, copying and refreshing images', function () {
  const { project, targets } = testbed();
  const served = testImageServer();
  const made = new Map<Target, CliInstances>(targets.map((t) => [t, new CliInstances(t, project)]));
  /** The images each test pulled (after deleting the daemon's copy) or copied into the project. */
  const images = new Map<Target, Set<string>>(targets.map((t) => [t, new Set()]));
  /** The project's images before the suite: its clean-up leaves them alone, unless a test deleted one and pulled it again. */
  const imagesBefore = new Map<Target, Set<string>>();
  const lxcConf = fs.mkdtempSync(path.join(os.tmpdir(), 'lxdx-lxcconf-'));
  let relay: ImageServerRelay;

  /** The relay's URL is only known once it listens: the lxc configuration is written then, before the session starts. */
  before(async function () {
    for (const t of targets) {
      imagesBefore.set(t, new Set(projectImages(t, project).map((i) => i.fingerprint ?? '')));
    }
    relay = await ImageServerRelay.start(served);
    fs.writeFileSync(
      path.join(lxcConf, 'config.yml'),
      `default-remote: local\nremotes:\n  images:\n    addr: https://images.linuxcontainers.org\n    protocol: simplestreams\n    public: true\n` +
        `  local:\n    addr: unix://\n    public: false\n  lxdx-relay:\n    addr: ${relay.url}\n    protocol: simplestreams\n    public: true\n`,
    );
    fs.mkdirSync(path.join(lxcConf, 'servercerts'));
    fs.writeFileSync(path.join(lxcConf, 'servercerts', 'lxdx-relay.crt'), served.certificate);
  });

  after(async function () {
    this.timeout(300_000);
    // First, so a download it still held (a test that failed midway) fails now, rather than adding
    // an image and an instance once the clean-up has looked.
    await relay?.close();
    await Promise.all(
      targets.map(async (t) => {
        await waitFor(() => !creating(t, made.get(t)!.names), {
          timeout: 60_000,
          message: `the create operations on ${t.name} to end`,
        }).catch(() => undefined);
        await made.get(t)!.cleanup();
        // Only what this suite caused: the images its tests deleted the copy of and pulled again, or
        // copied; and any other new since it began that came from the image servers it launches from.
        const before = imagesBefore.get(t) ?? new Set();
        const servers = [served.url, relay?.url];
        const pulled = projectImages(t, project).filter(
          ({ fingerprint = '', update_source }) =>
            images.get(t)!.has(fingerprint) || (!before.has(fingerprint) && servers.some((u) => u === update_source?.server)),
        );
        await Promise.all(
          pulled.map(({ fingerprint = '' }) => runCli(t, ['image', 'delete', fingerprint, '--project', project]).catch(() => undefined)),
        );
      }),
    );
    fs.rmSync(lxcConf, { recursive: true, force: true });
  });

  const e2e = useWorkbench({
    name: 'launch',
    // Tall: the wizard's image step lists the server's images, both image servers' and a row for
    // each server that cannot be reached, and a test reads the rows VS Code draws (a quick pick
    // draws those in view): images that other suites left in the project must not push rows out.
    viewport: { width: 1400, height: 1600 },
    env: { LXD_CONF: lxcConf, INCUS_CONF: path.join(lxcConf, 'no-incus') },
    settings: testbedConnections({
      'lxd.readCliRemotes': true,
      'lxd.imageServers': [{ name: 'lxdx-images', url: served.url, certificate: served.certPath }],
    }),
  });

  afterEach(async function () {
    relay.releaseAll();
    const wb = e2e.workbench;
    if (await wb.quickPick().isOpen()) {
      await wb.quickPick().cancel();
    }
  });

  /** The image server's image for `target` (its fingerprint is the daemon's), whose cached copy is deleted first. */
  async function uncached(target: Target, alias: RegExp): Promise<RemoteImage> {
    const server: ImageServer = { url: served.url, protocol: 'simplestreams', certificate: served.certificate };
    const img = (await new ImageServerCatalogue().list(server, { flavour: target.name })).find((i) =>
      i.aliases.some((a) => alias.test(a)),
    )!;
    cliQuiet(target, ['image', 'delete', img.fingerprint, '--project', project]);
    assert.strictEqual(cached(target, img.fingerprint), undefined, 'the daemon has no copy of the image');
    images.get(target)!.add(img.fingerprint);
    return img;
  }
  const cached = (target: Target, fp: string): Image | undefined => queryMaybe<Image>(target, `/1.0/images/${fp}`, project);

  /** "LXD: Create Instance…" on `target`'s server, up to its image step. */
  async function openWizard(wb: Workbench, target: Target): Promise<void> {
    await wb.runCommand('LXD: Create Instance…');
    await wb.waitFor(async () => /^Create Instance/.test(await wb.quickPick().title()), { message: 'the wizard or its server picker' });
    if ((await wb.quickPick().title()) === 'Create Instance') {
      await wb.quickPick().pick(target.name);
    }
    await atStep(wb, 'image');
  }

  /** The image server images the list shows (the harness reads detail lines too: only `server:alias` labels count). */
  async function remoteRows(wb: Workbench): Promise<string[]> {
    return (await wb.quickPick().items()).filter((l) => /^lxdx-(images|relay):\S+$/.test(l));
  }

  for (const target of targets) {
    it(`from no local copy, lists every image server's images, narrows them by search, and launches one the server downloads with progress, ending Running [${target.name}]`, async function () {
      this.timeout(180_000);
      const wb = e2e.workbench;
      const img = await uncached(target, /^busybox\/edge$/);
      const name = uniqueName('launched');
      made.get(target)!.track(name);
      await wb.openViewContainer('LXD');
      await instancesPane(wb);
      const hold = relay.hold(/root\.tar\.xz$/);

      await openWizard(wb, target);
      // The unreachable servers say so in a row each, and do not hold up the others.
      const all = await wb.waitFor(
        async () => {
          const rows = await wb.quickPick().items();
          const loaded = !rows.some((r) => r.endsWith(' reading its images…'));
          return (
            loaded &&
            rows.includes('lxdx-images:busybox/edge') &&
            rows.includes('lxdx-relay:busybox/edge') &&
            rows.filter((r) => ERROR_ROW.test(r)).length === 3 &&
            rows
          );
        },
        { timeout: 30_000, message: "the server's images and both image servers', and a row for each server that cannot be reached" },
      );
      assert.ok(all.includes(testbed().image), `the server's own image is offered too: ${all.join(' | ')}`);
      assert.ok(
        all.some((r) =>
          /^images: Cannot reach https:\/\/images\.linuxcontainers\.org:443 through the proxy http:\/\/127\.0\.0\.1:9/.test(r),
        ),
        all.join(' | '),
      );
      await wb.screenshot(`${target.name} image step`);

      await wb.quickPick().type('busybox edge');
      await wb.waitFor(
        async () => JSON.stringify(await remoteRows(wb)) === JSON.stringify(['lxdx-images:busybox/edge', 'lxdx-relay:busybox/edge']),
        {
          message: 'the search to narrow the list to busybox/edge of each image server',
        },
      );
      assert.ok(!(await wb.quickPick().items()).includes(testbed().image), "the server's own image does not match");
      await wb.screenshot(`${target.name} image search`);
      await wb.quickPick().pick('lxdx-relay:busybox/edge');
      await finishWizard(wb, name);

      const toast = await wb.notification(/Launching .* from lxdx-relay:busybox\/edge/, { timeout: 30_000 });
      await wb.waitFor(async () => /Downloading rootfs: \d+%/.test(await toast.toast.innerText()), {
        timeout: 30_000,
        message: 'the download progress in the notification',
      });
      await hold.reached;
      await wb.screenshot(`${target.name} download progress`);
      assert.strictEqual(queryMaybe(target, `/1.0/instances/${name}`, project), undefined, 'no instance while the image downloads');
      hold.release();

      await wb.waitFor(() => queryMaybe(target, `/1.0/instances/${name}`, project) !== undefined, {
        timeout: 90_000,
        message: `${name} made`,
      });
      // Other suites' instances may fill the list: the row is brought into view as a user would.
      await revealInstanceRow(wb, name, 30_000);
      await waitForInstanceRow(wb, name, { status: 'running', timeout: 90_000 });
      assert.strictEqual(query<{ status: string }>(target, `/1.0/instances/${name}`, project).status, 'Running');
      const downloaded = cached(target, img.fingerprint);
      assert.ok(downloaded, 'the daemon downloaded the image');
      assert.strictEqual(downloaded.update_source?.server, relay.url);
      await wb.screenshot(`${target.name} launched and running`);
    });

    it(`cancels a launch while the server downloads the image, and leaves no instance and no image [${target.name}]`, async function () {
      this.timeout(180_000);
      const wb = e2e.workbench;
      const img = await uncached(target, /^busybox\/[0-9.]+$/);
      const alias = img.aliases.find((a) => /^busybox\/[0-9.]+$/.test(a))!;
      const name = uniqueName('cancelled');
      made.get(target)!.track(name);
      const hold = relay.hold(/root\.tar\.xz$/);

      await openWizard(wb, target);
      await wb.quickPick().type(`relay ${alias.split('/')[1]} default`);
      await wb.quickPick().pick(`lxdx-relay:${alias}`);
      await finishWizard(wb, name);
      const toast = await wb.notification(new RegExp(`Launching ${name}`), { timeout: 30_000 });
      await hold.reached;
      await wb.waitFor(async () => /Downloading rootfs/.test(await toast.toast.innerText()), {
        timeout: 30_000,
        message: 'the download progress in the notification',
      });
      await wb.screenshot(`${target.name} before cancel`);
      await toast.clickButton('Cancel');
      await hold.closed;
      await toast.toast.waitFor({ state: 'hidden', timeout: 30_000 });
      await wb.waitFor(() => !creating(target, [name]), { timeout: 30_000, message: 'the create operation to end' });
      assert.strictEqual(queryMaybe(target, `/1.0/instances/${name}`, project), undefined, 'no instance');
      assert.strictEqual(cached(target, img.fingerprint), undefined, 'no image');
      await wb.screenshot(`${target.name} cancelled`);
    });
  }

  it("lists an image server's images by OS in the Image Servers view, and launches one from there; the server's own launch lists only its images", async function () {
    this.timeout(180_000);
    const wb = e2e.workbench;
    const [target] = targets;
    const img = await uncached(target, /^busybox\/[0-9.]+\/cloud$/);
    const alias = img.aliases.find((a) => /\/cloud$/.test(a))!;
    const name = uniqueName('fromview');
    made.get(target)!.track(name);
    await wb.openViewContainer('LXD');
    const server = await viewRow(wb, 'Image Servers', 'lxdx-images:', 30_000);
    await server.locator('.monaco-tl-twistie').click();
    const os = await viewRow(wb, 'Image Servers', 'Busybox', 30_000);
    await os.locator('.monaco-tl-twistie').click();
    const row = await viewRow(wb, 'Image Servers', alias, 30_000);
    assert.match(await wb.treeItemDescription(row), /cloud · x86_64 · container/);
    await wb.screenshot('image servers view');

    await wb.contextMenu(row, 'Launch Instance…');
    await atStep(wb, new RegExp(`^Launch lxdx-images:${alias.replace(/[/.]/g, '\\$&')} on$`));
    await wb.quickPick().pick(target.name);
    await finishWizard(wb, name, 'Create only');
    await wb.waitFor(() => queryMaybe<{ status: string }>(target, `/1.0/instances/${name}`, project)?.status === 'Stopped', {
      timeout: 90_000,
      message: `${name} made, stopped`,
    });
    assert.strictEqual(
      query<{ config: Record<string, string> }>(target, `/1.0/instances/${name}`, project).config['volatile.base_image'],
      img.fingerprint,
    );

    await wb.contextMenu(await viewRow(wb, 'Image Servers', 'lxdx-images:'), 'Launch Instance from Image Server…');
    await atStep(wb, /^Launch from lxdx-images: on$/);
    await wb.quickPick().pick(target.name);
    await atStep(wb, 'image');
    const rows = await wb.waitFor(async () => ((await remoteRows(wb)).length >= 3 ? wb.quickPick().items() : undefined), {
      message: "the image server's images",
    });
    assert.deepStrictEqual(
      rows.filter((r) => /^lxdx-/.test(r)).filter((r) => !r.startsWith('lxdx-images:')),
      [],
      `only lxdx-images: is offered: ${rows.join(' | ')}`,
    );
    await wb.screenshot('launch from one image server');
    await wb.quickPick().cancel();
  });

  const lxd = targets.find((t) => t.name === 'lxd');
  const incus = targets.find((t) => t.name === 'incus');
  (lxd && incus ? it : it.skip)(
    'copies an image from LXD to Incus from its context menu, and back from the palette, with its alias',
    async function () {
      this.timeout(180_000);
      const wb = e2e.workbench;
      const built = unifiedImage('copied');
      const alias = uniqueName('copied');
      const from = Client.unix(lxd!.socket, { project });
      try {
        await from.images.upload(built.tarball).wait();
        images.get(lxd!)!.add(built.fingerprint);
        images.get(incus!)!.add(built.fingerprint);
        await from.images.addAlias(alias, built.fingerprint);
      } finally {
        await from.close();
      }
      await wb.openViewContainer('LXD');
      await wb.contextMenu(await viewRow(wb, 'Images', alias, 30_000), 'Copy to Server…');
      await copyTo(wb, 'incus');
      await wb.notification(new RegExp(`Copied ${alias} to incus \\(${project}\\)`), { timeout: 60_000 });
      const onIncus = cached(incus!, built.fingerprint);
      assert.ok(onIncus, 'Incus has the image');
      assert.deepStrictEqual(
        onIncus.aliases?.map((a) => a.name),
        [alias],
      );
      assert.strictEqual(onIncus.properties?.description, built.description);
      await wb.screenshot('copied to incus');

      cli(lxd!, ['image', 'delete', built.fingerprint, '--project', project]);
      await wb.runCommand('LXD: Copy to Server…');
      await wb.quickPick().pick(alias);
      await copyTo(wb, 'lxd');
      await wb.notification(new RegExp(`Copied ${alias} to lxd \\(${project}\\)`), { timeout: 60_000 });
      assert.deepStrictEqual(
        cached(lxd!, built.fingerprint)?.aliases?.map((a) => a.name),
        [alias],
        'LXD has it back, with its alias',
      );
      await wb.screenshot('copied back to lxd');
    },
  );

  for (const target of targets) {
    it(`refreshes an image downloaded by alias from its context menu and says it is up to date [${target.name}]`, async function () {
      this.timeout(180_000);
      const wb = e2e.workbench;
      const img = await uncached(target, /^busybox\/[0-9.]+\/cloud$/);
      const alias = uniqueName('refresh');
      const client = Client.unix(target.socket, { project });
      try {
        const server: ImageServer = { url: served.url, protocol: 'simplestreams', certificate: served.certificate };
        await downloadImage(client, server, img, { kind: target.name, aliases: [alias] });
      } finally {
        await client.close();
      }
      await wb.openViewContainer('LXD');
      // The download's events redraw the Images list; VS Code drops a menu action chosen on a row it
      // is redrawing ("Data tree node not found" in its log), as it would a user's click: choose it again.
      const upToDate = new RegExp(`${alias} is up to date with ${served.url.replace(/[/.]/g, '\\$&')}`);
      const message = await wb.waitFor(
        async () => {
          await wb.contextMenu(await viewRow(wb, 'Images', alias, 30_000), 'Refresh');
          return (
            (await wb.notification(upToDate, { timeout: 5_000 }).then(
              (t) => t.message,
              () => undefined,
            )) ??
            // VS Code shows at most 3 toasts in 800 ms (the refresh's progress and result count, and the
            // last test's): a message past that goes to the notification center only.
            (await inNotificationCenter(wb, upToDate))
          );
        },
        { timeout: 100_000, message: 'the refresh to say the image is up to date' },
      );
      assert.match(message, /at most once an hour/);
      await wb.screenshot(`${target.name} refreshed`);
      assert.strictEqual(cached(target, img.fingerprint)?.aliases?.[0]?.name, alias, 'the image is still there, unchanged');
    });
  }
});

/** The message matching `text` in VS Code's notification center, if it is there (the center is closed again). */
async function inNotificationCenter(wb: Workbench, text: RegExp): Promise<string | undefined> {
  await wb.runCommand('Notifications: Show Notifications');
  const center = wb.page.locator('.notifications-center');
  await center.waitFor();
  const messages = await center.locator('.notification-list-item-message').allInnerTexts();
  await wb.runCommand('Notifications: Hide Notifications');
  await center.waitFor({ state: 'hidden' });
  return messages.map((m) => m.trim()).find((m) => text.test(m));
}

/** The Copy to Server target (there are two others: the other daemon, and lxc's local remote). */
async function copyTo(wb: Workbench, server: string): Promise<void> {
  await atStep(wb, /^Copy .* to$/);
  await wb.quickPick().pick(server);
}

/** Whether an operation of the daemon still works on making one of `instances`. */
function creating(target: Target, instances: string[]): boolean {
  const ops = query<Record<string, { status_code?: number; resources?: Record<string, string[]> }[] | null>>(
    target,
    '/1.0/operations?recursion=1',
    testbed().project,
  );
  return Object.values(ops)
    .flatMap((list) => list ?? [])
    .some((o) => o.status_code === 103 && instances.some((i) => JSON.stringify(o.resources ?? {}).includes(`/instances/${i}`)));
}

/** The project's images, with their sources. */
function projectImages(target: Target, project: string): Image[] {
  return query<Image[]>(target, '/1.0/images?recursion=1', project) ?? [];
}

/** Runs the CLI for clean-up, where a missing object is fine. */
function cliQuiet(target: Target, args: string[]): void {
  try {
    cli(target, args);
  } catch {
    // Already gone.
  }
}
