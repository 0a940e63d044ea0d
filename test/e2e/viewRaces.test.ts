import * as assert from 'assert';
import type { Locator } from 'playwright-core';
import { Client } from '../../src/client';
import { HoldingRelay } from '../support/holdingRelay';
import { Target, testbed, uniqueName } from '../support/testbed';
import { CliInstances, instancesPane, instancesRow, rowsWithLevels, waitForInstanceRow } from './harness/explorer';
import { useWorkbench } from './harness/session';
import { onlyView, viewRows } from './harness/views';

/** The first list of the Profiles view (`GET /1.0/profiles?…`), not one profile's calls. */
const PROFILES_LIST = /^GET \/1\.0\/profiles(\?|$)/;

/**
 * A view asked to redraw a server while VS Code is still fetching that server's rows, right after
 * the user opened the view: a Refresh pressed while a slow server lists, or an event that comes
 * meanwhile (the same redraw). VS Code's tree registered the rows under the server's old node,
 * refused them under the new one ("Element with id … is already registered") and showed the server
 * with no rows until the window reloaded: the Images view of the launch suite in CI, opened while
 * images came and went. Each server is reached through a relay that forwards everything and holds
 * what the test says until it lets go.
 */
describe('Views redrawn while they are still listing', function () {
  const { project, targets, image } = testbed();
  const relays: HoldingRelay[] = [];
  const profile = uniqueName('race');
  let first: Client;
  const settings: Record<string, unknown> = { 'lxd.detectLocal': false, 'lxd.readCliRemotes': false };

  before(async function () {
    for (const t of targets) {
      relays.push(await HoldingRelay.start(t.socket));
    }
    settings['lxd.connections'] = targets.map((t, i) => ({ name: t.name, socket: relays[i].address, project }));
    first = Client.unix(targets[0].socket, { project });
    await first.profiles.create({ name: profile, description: 'made by the view-races suite' });
  });

  after(async function () {
    await first?.profiles.delete(profile).catch(() => undefined);
    await first?.close();
    await Promise.all(relays.map((r) => r.close()));
  });

  const e2e = useWorkbench({ name: 'view-races', settings });

  it("shows every server's profiles when Refresh is pressed while the Profiles view, just opened, is still listing, and follows a change after", async function () {
    this.timeout(120_000);
    const wb = e2e.workbench;
    const relay = relays[0];
    await wb.openViewContainer('LXD');
    // The Images view is open from the start; the Profiles view, collapsed, has listed nothing yet.
    await wb.waitFor(async () => (await viewRows(wb, 'Images', image).count()) === targets.length, {
      message: `${image} under each server in the Images view`,
    });
    // VS Code asks for one server's rows at a time, in order: the first server's list is held, as
    // the daemon answered it.
    relay.hold((method, path) => PROFILES_LIST.test(`${method} ${path}`), { answered: true });
    await wb.view('Profiles');
    await relay.until(() => relay.held > 0, "the daemon's answer to the Profiles view's first list");

    // Changes the views learn only from the Refresh (the server's events wait in the relay): the
    // profile's, which the held answer predates, and an image's. VS Code redraws each view a moment
    // after it is told (its own 200 ms timer per view): the Profiles view was told at once, the
    // Images view once its list came back, so once the image's row shows its change, VS Code has
    // redrawn the Profiles view's servers too.
    relay.pauseWebsockets(/^GET \/1\.0\/events/);
    await first.profiles.patch(profile, { description: 'changed while its list was on the way' });
    const alias = uniqueName('race');
    const { target } = await first.images.alias(image, { project });
    await first.images.addAlias(alias, target!, { project });
    try {
      await wb.runCommand('LXD: Refresh');
      await wb.waitFor(async () => (await wb.treeItemDescription(viewRows(wb, 'Images', image).first())).includes(alias), {
        message: `the Refresh showing ${alias} on the first server's ${image} row`,
      });
    } finally {
      await first.images.deleteAlias(alias, { project });
    }
    relay.release();

    await wb.waitFor(async () => (await viewRows(wb, 'Profiles', 'default').count()) === targets.length, {
      message: `the default profile under each of the ${targets.length} servers in the Profiles view`,
    });
    // The Refresh came after the answer was read: it lists the profiles again (the events still wait).
    await wb.waitFor(async () => /changed while/.test(await wb.treeItemDescription(viewRows(wb, 'Profiles', profile).first())), {
      message: `the Refresh listing ${profile} as it is now`,
    });
    relay.resumeWebsockets();
    await viewRows(wb, 'Profiles', profile).waitFor();

    // The view still follows the server: a profile made now is a new row of the first server. (The
    // rows were drawn, but registered under a node VS Code had replaced: a redraw that brought a
    // new row failed on the old ones, and the server showed none.)
    const made = uniqueName('race');
    await first.profiles.create({ name: made });
    try {
      await viewRows(wb, 'Profiles', made).waitFor();
      await viewRows(wb, 'Profiles', profile).waitFor();
    } finally {
      await first.profiles.delete(made);
    }
    const refused = e2e.session.console.filter((line) => /is already registered/.test(line));
    assert.deepStrictEqual(refused, [], 'VS Code refused no row');
  });

  it('redraws only the row whose object changed when a list is read again', async function () {
    this.timeout(120_000);
    const wb = e2e.workbench;
    await wb.openViewContainer('LXD');
    await wb.view('Profiles');
    await viewRows(wb, 'Profiles', profile).waitFor();
    const listedAgain = (since: number): RegExpExecArray[] =>
      e2e.session
        .extensionLog()
        .slice(since)
        .map((l) => new RegExp(`Profiles of ${targets[0].name} listed again: \\d+, (\\d+ rows redrawn|the list redrawn)`).exec(l))
        .filter((m) => m !== null);
    // Events close together are handled as one reload (the last test's profile going, say): a first
    // change, once listed, leaves the next on its own.
    const settled = e2e.session.extensionLog().length;
    await first.profiles.patch(profile, { description: 'settling' });
    await wb.waitFor(() => listedAgain(settled).length > 0, { message: 'the profiles listed again after a first change' });
    const before = e2e.session.extensionLog().length;
    // The event of this change reloads the first server's profiles: the default profile and the
    // suite's own are listed, and only the suite's is drawn again. (A redraw makes VS Code forget
    // the row until it has it again; a menu action chosen on it then reaches its command without it.)
    await first.profiles.patch(profile, { description: 'changed alone' });
    await wb.waitFor(async () => /changed alone/.test(await wb.treeItemDescription(viewRows(wb, 'Profiles', profile).first())), {
      message: `${profile}'s row showing its change`,
    });
    const redrawn = new RegExp(`Profiles of ${targets[0].name} listed again: (\\d+), (\\d+) rows redrawn`);
    // Logged before VS Code had the row again, but written to the log a moment later.
    const lines = await wb.waitFor(
      () => {
        const found = e2e.session
          .extensionLog()
          .slice(before)
          .map((l) => redrawn.exec(l))
          .filter((m) => m !== null);
        return found.length > 0 && found;
      },
      { message: `the first server's profiles listed again after ${profile} changed` },
    );
    // Earlier reloads may still come in (a row that came or went redraws the list): none redrew more than one row.
    assert.ok(Number(lines[0][1]) >= 2, `the default profile and ${profile} are listed: ${lines[0][0]}`);
    assert.deepEqual(
      lines.map((m) => m[2]),
      lines.map(() => '1'),
      lines.map((m) => m[0]).join('\n'),
    );
  });
});

/**
 * Refresh while a server is still connecting: the servers that are connected list again at once.
 * The slow server is the test bed's LXD behind a relay that holds its first call (`GET /1.0`), as
 * a remote that answers slowly; it is added to the settings just before Refresh. Refresh used to
 * look for servers first, which waited for that one to connect or to time out (10 s).
 */
describe('Refresh beside a server still connecting', function () {
  const { project, targets } = testbed();
  let relay: HoldingRelay;
  const healthy = targets.map((t) => ({ name: t.name, socket: t.socket, project }));

  before(async function () {
    relay = await HoldingRelay.start(targets[0].socket);
    relay.hold((method, path) => method === 'GET' && /^\/1\.0(\?|$)/.test(path));
  });

  after(async function () {
    await relay?.close();
  });

  const e2e = useWorkbench({
    name: 'refresh-connecting',
    settings: { 'lxd.detectLocal': false, 'lxd.readCliRemotes': false, 'lxd.connections': healthy },
  });

  it('lists the connected servers again at once while a server added meanwhile still connects', async function () {
    this.timeout(180_000);
    const wb = e2e.workbench;
    const log = (): string[] => e2e.session.extensionLog();
    await wb.openViewContainer('LXD');
    await instancesPane(wb);
    for (const t of targets) {
      await wb.waitFor(() => log().some((l) => l.includes(`Connected to ${t.name} `)), { message: `${t.name} connected` });
    }
    // The slow server's connection times out after 10 s: an attempt whose timeout came before the
    // Refresh's lists (a very busy machine) proves nothing, and is made again with a new server.
    for (let attempt = 1; ; attempt++) {
      const slow = `lxdx-slow-${attempt}`;
      const held = relay.held;
      e2e.session.server.setMachineSettings({ 'lxd.connections': [...healthy, { name: slow, socket: relay.address, project }] });
      await relay.until(() => relay.held > held, `${slow} asking for the server's information`);
      /** The lines since `from` once each connected server's instances were listed again in them. */
      const listedSince = (from: number, message: string): Promise<string[]> =>
        wb.waitFor(
          () => {
            const after = log().slice(from);
            return targets.every((t) => after.some((l) => l.includes(`Instances of ${t.name} listed again`))) && after;
          },
          { message, timeout: 30_000 },
        );
      // A server added: the views show it (connecting), and list the others no more than before. Then the Refresh.
      await instancesRow(wb, slow).waitFor({ timeout: 30_000 });
      const from = log().length;
      await wb.runCommand('LXD: Refresh');
      const lines = await listedSince(from, 'each connected server listed again by the Refresh');
      const listed = Math.max(...targets.map((t) => lines.findIndex((l) => l.includes(`Instances of ${t.name} listed again`))));
      const settled = lines.findIndex((l) => l.includes(`Connected to ${slow} `) || l.includes(`Cannot connect to ${slow} `));
      if (settled === -1 || settled > listed) {
        break;
      }
      assert.ok(attempt < 3, `Refresh listed the connected servers only after ${slow} connected or failed:\n${lines.join('\n')}`);
    }
  });
});

/** An instances list (`GET /1.0/instances?…`), not one instance's calls. */
const INSTANCES_LIST = /^GET \/1\.0\/instances(\?|$)/;

/**
 * A window that opens on several servers. VS Code asks for one server's rows after the other and
 * shows none until it has them all, so each server's instances are listed as soon as VS Code has
 * the servers, side by side: the first server's list is held in its relay, as a slow daemon would
 * answer it, and the second server's list comes meanwhile. (It came only once the first was
 * answered; and every server was listed a second time as the window opened.)
 */
/** A server's operations list (`GET /1.0/operations?…`), not one operation's calls. */
const OPERATIONS_LIST = /^GET \/1\.0\/operations\?/;

describe('A window opening on several servers', function () {
  const { project, targets } = testbed();
  const relays: HoldingRelay[] = [];
  const fixtures = targets.map((t) => new CliInstances(t, project));
  const names: string[] = [];
  const settings: Record<string, unknown> = { 'lxd.detectLocal': false, 'lxd.readCliRemotes': false };

  before(async function () {
    this.timeout(60_000);
    for (const t of targets) {
      relays.push(await HoldingRelay.start(t.socket));
    }
    settings['lxd.connections'] = targets.map((t, i) => ({ name: t.name, socket: relays[i].address, project }));
    for (const f of fixtures) {
      names.push(await f.create('opening'));
    }
    relays[0].hold((method, path) => INSTANCES_LIST.test(`${method} ${path}`));
  });

  after(async function () {
    this.timeout(60_000);
    relays.forEach((r) => r.release());
    await Promise.all(relays.map((r) => r.close()));
    await Promise.all(fixtures.map((f) => f.cleanup()));
  });

  const e2e = useWorkbench({ name: 'opening-servers', settings });

  it("lists every server's instances side by side, and once, as the window opens", async function () {
    this.timeout(120_000);
    const wb = e2e.workbench;
    await wb.openViewContainer('LXD');
    await instancesPane(wb);
    await relays[0].until(() => relays[0].held > 0, `${targets[0].name}'s instances list`);
    await relays[1].until(
      () => relays[1].count(INSTANCES_LIST) > 0,
      `${targets[1].name}'s instances list while ${targets[0].name}'s waits for its answer`,
    );
    relays[0].release();
    for (const name of names) {
      await instancesRow(wb, name).waitFor({ timeout: 30_000 });
    }
    assert.deepEqual(
      relays.map((r) => [r.count(INSTANCES_LIST), r.count(OPERATIONS_LIST)]),
      targets.map(() => [1, 1]),
      `one instances list and one operations list per server:\n${relays.map((r) => r.requests.join(', ')).join('\n')}`,
    );
  });
});

/**
 * The first server behind a relay that holds what a test says (its lists, as a slow daemon would
 * answer them), shown in a window of its own next to the other servers; with one stopped instance
 * made by the CLI when `made` names it.
 */
function relayedServer(
  workbench: string,
  made?: string,
  extra: Record<string, unknown> = {},
): { readonly relay: HoldingRelay; readonly name: string; readonly target: Target; readonly e2e: ReturnType<typeof useWorkbench> } {
  const { project, targets } = testbed();
  const target = targets[0];
  let relay: HoldingRelay | undefined;
  let fixtures: CliInstances | undefined;
  let name = '';
  const settings: Record<string, unknown> = { 'lxd.detectLocal': false, 'lxd.readCliRemotes': false, ...extra };

  before(async function () {
    this.timeout(60_000);
    relay = await HoldingRelay.start(target.socket);
    settings['lxd.connections'] = targets.map((t) => ({ name: t.name, socket: t === target ? relay!.address : t.socket, project }));
    if (made) {
      fixtures = new CliInstances(target, project);
      name = await fixtures.create(made);
    }
  });

  after(async function () {
    this.timeout(60_000);
    relay?.release();
    await relay?.close();
    await fixtures?.cleanup();
  });

  const e2e = useWorkbench({ name: workbench, settings });
  return {
    get relay() {
      return relay!;
    },
    get name() {
      return name;
    },
    target,
    e2e,
  };
}

/**
 * Opens a view (`open`) with its first list held, presses Refresh while that answer is on the way
 * (the rows it brings may predate what Refresh is for), lets the answer go and holds the next list
 * (whoever asks for it); `shown` waits for the rows the answer brought, and the next list is held.
 */
async function refreshDuringFirstList(
  s: ReturnType<typeof relayedServer>,
  list: RegExp,
  view: string,
  open: () => Promise<unknown>,
  shown: () => Promise<unknown>,
): Promise<void> {
  const wb = s.e2e.workbench;
  const { relay } = s;
  relay.hold((method, path) => list.test(`${method} ${path}`), { answered: true });
  await wb.openViewContainer('LXD');
  await open();
  await relay.until(() => relay.held > 0, `the daemon's answer to the ${view} view's first list`);
  const before = s.e2e.session.extensionLog().length;
  await wb.runCommand('LXD: Refresh');
  await wb.waitFor(
    () =>
      s.e2e.session
        .extensionLog()
        .slice(before)
        .some((l) => l.includes('Refresh: listing every server again')),
    { message: 'the Refresh to run' },
  );
  relay.release();
  relay.hold((method, path) => list.test(`${method} ${path}`), { answered: true });
  await shown();
  await relay.until(() => relay.held > 0, `the ${view} view's list read again after the Refresh`);
}

/** refreshDuringFirstList in the Instances view: returns the instance's row, shown while the Refresh's list is held. */
async function rowWhileListedAgain(s: ReturnType<typeof relayedServer>): Promise<Locator> {
  const wb = s.e2e.workbench;
  let row: Locator | undefined;
  await refreshDuringFirstList(
    s,
    INSTANCES_LIST,
    'Instances',
    () => instancesPane(wb),
    async () => (row = await waitForInstanceRow(wb, s.name, { status: 'stopped' })),
  );
  return row!;
}

/**
 * A menu action chosen on an instance row the moment it appears, when a reload was asked for while
 * the view was still listing (a server that connects, or Refresh, as the window opens). The reload
 * used to redraw the server once VS Code had its rows: VS Code then forgets the rows until the
 * server answers again, and an action chosen meanwhile reaches its command without its row, which
 * then asks which instance with a picker (the configuration-keys test in CI). The first server's
 * instance lists are held in a relay, as a slow daemon would answer them.
 */
describe('A menu action on instance rows that just appeared', function () {
  const s = relayedServer('fresh-rows', 'fresh-row', { 'files.autoSave': 'off' });

  it("opens the row's configuration from its context menu while the list asked for during the first one is still on the way", async function () {
    this.timeout(120_000);
    const wb = s.e2e.workbench;
    const { relay, name } = s;
    const row = await rowWhileListedAgain(s);

    await wb.contextMenu(row, 'Edit Configuration');
    const tab = wb.page.locator('.tabs-container .tab', { hasText: `${name}.yaml` });
    const picker = wb.page.locator('.quick-input-widget', { hasText: 'Edit Instance Configuration' });
    const shown = await wb.waitFor(async () => ((await tab.isVisible()) && 'tab') || ((await picker.isVisible()) && 'picker'), {
      message: `the configuration of ${name} in an editor`,
    });
    assert.strictEqual(shown, 'tab', `Edit Configuration reached its command without the row of ${name}, and asked which instance`);
    relay.release();
    await waitForInstanceRow(wb, name, { status: 'stopped' });
    const refused = s.e2e.session.console.filter((line) => /is already registered/.test(line));
    assert.deepStrictEqual(refused, [], 'VS Code refused no row');
  });
});

/**
 * A redraw of the whole view (here: Group Instances By…) while a Refresh reads a server's list
 * again, when that Refresh came during the view's first list. VS Code asks for the rows again at
 * once; they used to wait for a new list, so the rows went until the daemon answered (and a server
 * node's own redraw, taken in that moment, left a menu action on a row without its row: seen once
 * in CI on the test above). The rows there are are given at once; the Refresh redraws what changed.
 */
describe('Instances grouped while a Refresh lists again', function () {
  const s = relayedServer('regrouped-rows', 'regrouped');

  it('shows the rows under their new groups at once, while the list Refresh asked for is still on the way', async function () {
    this.timeout(120_000);
    const wb = s.e2e.workbench;
    const { relay, name, target } = s;
    await rowWhileListedAgain(s);

    await wb.runCommand('LXD: Group Instances By…');
    await wb.quickPick().pick(/^Status$/);
    await wb.waitFor(
      async () => {
        const rows = await rowsWithLevels(wb);
        const i = rows.findIndex((r) => r.label === name);
        const group = rows
          .slice(0, i)
          .reverse()
          .find((r) => r.level === rows[i]?.level - 1);
        return i >= 0 && group?.label === 'Stopped';
      },
      { timeout: 10_000, message: `${name} under "Stopped" while ${target.name}'s list is still held` },
    );
    assert.ok(relay.held > 0, `${target.name}'s list was answered meanwhile: the test proves nothing`);
    relay.release();
    await wb.runCommand('LXD: Group Instances By…');
    await wb.quickPick().pick(/^None$/);
    await waitForInstanceRow(wb, name, { status: 'stopped' });
  });
});

/** An images list (`GET /1.0/images?…`), not one image's calls. */
const IMAGES_LIST = /^GET \/1\.0\/images(\?|$)/;

/**
 * The list views (Images, Networks, Storage, Profiles…) had the race the Instances view had: a
 * Refresh during a view's first list reads the list again once that answer is drawn, and the list
 * counted as not loaded meanwhile, so a whole-view redraw taken in that moment (a filter, the
 * server's node) left the server without rows until its daemon answered again.
 */
describe('Images filtered while a Refresh lists again', function () {
  const s = relayedServer('refiltered-images');

  it("filters every server's rows at once, while the list Refresh asked for is still on the way", async function () {
    this.timeout(120_000);
    const wb = s.e2e.workbench;
    const { relay, target } = s;
    const { targets, image } = testbed();
    await refreshDuringFirstList(
      s,
      IMAGES_LIST,
      'Images',
      () => onlyView(wb, 'Images'),
      () =>
        wb.waitFor(async () => (await viewRows(wb, 'Images', image).count()) === targets.length, {
          message: `${image} under each of the ${targets.length} servers`,
        }),
    );

    // A filter that matches nothing: each server says so once its rows were asked for again.
    await wb.runCommand('LXD: Filter Images…');
    const pick = wb.quickPick();
    await pick.type(uniqueName('nothing'));
    await pick.submit();
    await pick.waitClosed();
    await wb.waitFor(async () => (await viewRows(wb, 'Images', 'No images match the filter').count()) === targets.length, {
      timeout: 10_000,
      message: `"No images match the filter" under each server while ${target.name}'s list is still held`,
    });
    assert.ok(relay.held > 0, `${target.name}'s list was answered meanwhile: the test proves nothing`);
    relay.release();
    await wb.runCommand('LXD: Clear Image Filter');
    await wb.waitFor(async () => (await viewRows(wb, 'Images', image).count()) === targets.length, {
      message: `${image} under each server again`,
    });
  });
});
