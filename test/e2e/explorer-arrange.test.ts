import * as assert from 'assert';
import type { Locator } from 'playwright-core';
import { Target, testbed, uniqueName } from '../support/testbed';
import {
  instancesPane,
  instancesRow,
  rowsWithLevels,
  runCli,
  testbedConnections,
  waitForInstanceRow,
  waitForNoInstanceRow,
} from './harness/explorer';
import { useWorkbench } from './harness/session';
import { onlyView, viewRow, viewRowGone, viewRows } from './harness/views';
import { exactly } from './harness/text';
import { Workbench } from './harness/workbench';

/** A view's header, where its description and title actions are. */
function viewHeader(wb: Workbench, view = 'Instances'): Locator {
  return wb.page.locator('.pane-header', { has: wb.page.locator('.title', { hasText: exactly(view, 'i') }) }).first();
}

async function viewDescription(wb: Workbench, view = 'Instances'): Promise<string> {
  const description = viewHeader(wb, view).locator('span.description');
  return (await description.count()) ? (await description.first().innerText()).trim() : '';
}

async function waitForDescription(wb: Workbench, wanted: string, view = 'Instances'): Promise<void> {
  await wb.waitFor(async () => (await viewDescription(wb, view)) === wanted, {
    message: `the ${view} view's description to read "${wanted}" (it reads "${await viewDescription(wb, view)}")`,
  });
}

/** Clicks a button of a view's title bar, which shows while the pointer is over it. */
async function clickTitleAction(wb: Workbench, title: string, view = 'Instances'): Promise<void> {
  const header = viewHeader(wb, view);
  await header.hover();
  await header.locator(`.actions .action-label[aria-label^="${title}"]`).click();
  await wb.page.mouse.move(0, 0);
}

/**
 * Sets a view's filter as a user does: its title bar's Filter… button, a name typed, values
 * ticked or unticked (`{ Running: true, Stopped: false }`).
 */
async function setFilter(wb: Workbench, name: string, ticks: Record<string, boolean> = {}, view = 'Instances'): Promise<void> {
  await clickTitleAction(wb, `Filter ${view === 'Storage' ? 'Volumes' : view}…`, view);
  const pick = wb.quickPick();
  await pick.type(name);
  for (const [label, on] of Object.entries(ticks)) {
    await pick.setChecked(label, on);
  }
  await pick.submit();
  await pick.waitClosed();
}

/** The Instances view's filter: a name, and the statuses ticked (the others unticked). */
async function filterInstances(wb: Workbench, name: string, statuses: string[] = []): Promise<void> {
  await setFilter(wb, name, { Running: statuses.includes('Running'), Stopped: statuses.includes('Stopped') });
}

async function choose(wb: Workbench, command: string, choice: RegExp): Promise<void> {
  await wb.runCommand(command);
  await wb.quickPick().pick(choice);
}

/**
 * The Instances view's filter, grouping and sorting, on LXD and on Incus in one window: three
 * instances per daemon, made one after the other (so their creation times are ordered), named with
 * one tag so a name filter shows only them among whatever else the shared test project holds.
 */
describe('Instances filtered, grouped and sorted in the explorer', function () {
  const { project, targets } = testbed();
  const tag = uniqueName('arr');
  /** Per daemon: `a` and `b` stopped, `c` running, created in that order. */
  const names = (t: Target): { a: string; b: string; c: string } => ({
    a: `${tag}-${t.name}-a`,
    b: `${tag}-${t.name}-b`,
    c: `${tag}-${t.name}-c`,
  });
  const mine = targets.flatMap((t) => Object.values(names(t)));
  const volume = (t: Target): string => `${tag}-${t.name}-vol`;

  before(async function () {
    this.timeout(180_000);
    await Promise.all(
      targets.map(async (t) => {
        const n = names(t);
        await runCli(t, ['init', testbed().image, n.a, '--project', project]);
        await runCli(t, ['init', testbed().image, n.b, '--project', project]);
        await runCli(t, ['launch', testbed().image, n.c, '--project', project]);
        await runCli(t, ['storage', 'volume', 'create', t.pool, volume(t), '--project', project]);
      }),
    );
  });

  after(async function () {
    this.timeout(120_000);
    await Promise.all(
      targets.flatMap((t) =>
        Object.values(names(t)).map((n) => runCli(t, ['delete', '--force', '--project', project, n]).catch(() => undefined)),
      ),
    );
    await Promise.all(
      targets.map((t) => runCli(t, ['storage', 'volume', 'delete', t.pool, volume(t), '--project', project]).catch(() => undefined)),
    );
  });

  const e2e = useWorkbench({ name: 'explorer-arrange', settings: testbedConnections() });

  afterEach(async function () {
    const wb = e2e.workbench;
    if (await wb.quickPick().isOpen()) {
      await wb.quickPick().cancel();
    }
  });

  it('shows only the rows matching a name and a status, says so in the description, and one click clears it', async function () {
    this.timeout(120_000);
    const wb = e2e.workbench;
    await wb.openViewContainer('LXD');
    await instancesPane(wb);
    await filterInstances(wb, tag, ['Running']);
    await waitForDescription(wb, `name~${tag} · Running`);
    for (const t of targets) {
      await waitForInstanceRow(wb, names(t).c, { status: 'running' });
      await waitForNoInstanceRow(wb, names(t).a);
      await waitForNoInstanceRow(wb, names(t).b);
    }
    await wb.screenshot('filtered by name and Running');

    await filterInstances(wb, tag);
    await waitForDescription(wb, `name~${tag}`);
    for (const name of mine) {
      await instancesRow(wb, name).waitFor();
    }

    await clickTitleAction(wb, 'Clear Instance Filter');
    await waitForDescription(wb, '');
    await wb.waitFor(async () => !(await viewHeader(wb).locator('.action-label[aria-label^="Clear Instance Filter"]').count()), {
      message: 'the Clear button to go once nothing is filtered',
    });
  });

  it('says "No instances match the filter" on each server when the filter hides all, and a click on it clears the filter', async function () {
    this.timeout(60_000);
    const wb = e2e.workbench;
    await instancesPane(wb);
    await filterInstances(wb, `${tag}-nothing`);
    const message = (await wb.view('Instances')).locator('.monaco-list-row', {
      has: wb.page.locator('.label-name', { hasText: exactly('No instances match the filter') }),
    });
    await wb.waitFor(async () => (await message.count()) === targets.length, { message: 'one "No instances match" line per server' });
    await wb.screenshot('nothing matches');
    await message.first().click();
    await waitForDescription(wb, '');
  });

  it('groups the rows by status, each instance under its status', async function () {
    this.timeout(60_000);
    const wb = e2e.workbench;
    await instancesPane(wb);
    await filterInstances(wb, tag);
    await choose(wb, 'LXD: Group Instances By…', /^Status$/);
    await waitForDescription(wb, `name~${tag} · by status`);
    const expected = new Map(
      targets.flatMap((t) => [[names(t).a, 'Stopped'] as const, [names(t).b, 'Stopped'] as const, [names(t).c, 'Running'] as const]),
    );
    await wb.waitFor(
      async () => {
        const rows = await rowsWithLevels(wb);
        for (const [name, status] of expected) {
          const i = rows.findIndex((r) => r.label === name);
          const group = rows
            .slice(0, i)
            .reverse()
            .find((r) => r.level === rows[i]?.level - 1);
          if (i < 0 || group?.label !== status) {
            throw new Error(`${name} is under ${group?.label ?? 'nothing'}: ${JSON.stringify(rows)}`);
          }
        }
        return true;
      },
      { message: 'each instance under the group of its status' },
    );
    await wb.screenshot('grouped by status');
    await choose(wb, 'LXD: Group Instances By…', /^None$/);
    await waitForDescription(wb, `name~${tag}`);
  });

  it('sorts the rows newest first by creation, and by name again', async function () {
    this.timeout(60_000);
    const wb = e2e.workbench;
    await instancesPane(wb);
    await filterInstances(wb, tag);
    const order = async (): Promise<string[]> => (await rowsWithLevels(wb)).map((r) => r.label).filter((l) => mine.includes(l));
    const inOrder = (wanted: (t: Target) => string[]) => async (): Promise<boolean> => {
      const seen = await order();
      return targets.every((t) => JSON.stringify(seen.filter((l) => l.includes(`-${t.name}-`))) === JSON.stringify(wanted(t)));
    };
    await choose(wb, 'LXD: Sort Instances By…', /^Created/);
    await waitForDescription(wb, `name~${tag} · newest first`);
    await wb.waitFor(
      inOrder((t) => [names(t).c, names(t).b, names(t).a]),
      { message: 'the rows newest first' },
    );
    await wb.screenshot('newest first');
    await choose(wb, 'LXD: Sort Instances By…', /^Name$/);
    await waitForDescription(wb, `name~${tag}`);
    await wb.waitFor(
      inOrder((t) => [names(t).a, names(t).b, names(t).c]),
      { message: 'the rows by name' },
    );
  });

  for (const t of targets) {
    it(`shows an instance that starts under a Running filter and drops one that stops, as the events come [${t.name}]`, async function () {
      this.timeout(120_000);
      const wb = e2e.workbench;
      const n = names(t);
      await instancesPane(wb);
      await filterInstances(wb, tag, ['Running']);
      await waitForInstanceRow(wb, n.c, { status: 'running' });
      await runCli(t, ['start', n.b, '--project', project]);
      await waitForInstanceRow(wb, n.b, { status: 'running' });
      await runCli(t, ['stop', '--force', n.c, '--project', project]);
      await waitForNoInstanceRow(wb, n.c);
      await wb.screenshot(`${t.name} after the events`);
      // Back as the other tests found it.
      await runCli(t, ['stop', '--force', n.b, '--project', project]);
      await runCli(t, ['start', n.c, '--project', project]);
      await waitForInstanceRow(wb, n.c, { status: 'running' });
      await waitForNoInstanceRow(wb, n.b);
    });
  }

  it('keeps the filter, grouping and sorting for the workspace when the window reloads', async function () {
    this.timeout(180_000);
    let wb = e2e.workbench;
    await instancesPane(wb);
    await filterInstances(wb, tag, ['Running']);
    await choose(wb, 'LXD: Group Instances By…', /^Status$/);
    await choose(wb, 'LXD: Sort Instances By…', /^Created/);
    const description = `name~${tag} · Running · by status · newest first`;
    await waitForDescription(wb, description);

    await e2e.session.reloadWindow();
    wb = e2e.workbench;
    await wb.openViewContainer('LXD');
    await instancesPane(wb);
    await waitForDescription(wb, description);
    for (const t of targets) {
      await waitForInstanceRow(wb, names(t).c, { status: 'running' });
      await waitForNoInstanceRow(wb, names(t).a);
    }
    assert.ok(
      (await rowsWithLevels(wb)).some((r) => r.label === 'Running'),
      'the Running group is there',
    );
    await wb.screenshot('restored after a reload');

    await clickTitleAction(wb, 'Clear Instance Filter');
    await choose(wb, 'LXD: Group Instances By…', /^None$/);
    await choose(wb, 'LXD: Sort Instances By…', /^Name$/);
    await waitForDescription(wb, '');
  });

  it('filters the Images view by alias, and says so on each server when nothing matches', async function () {
    this.timeout(60_000);
    const wb = e2e.workbench;
    const { image } = testbed();
    await onlyView(wb, 'Images');
    await setFilter(wb, image, {}, 'Images');
    await waitForDescription(wb, `name~${image}`, 'Images');
    await viewRow(wb, 'Images', image);
    await setFilter(wb, `${tag}-nothing`, {}, 'Images');
    const message = viewRows(wb, 'Images', 'No images match the filter');
    await wb.waitFor(async () => (await message.count()) === targets.length, { message: 'one "No images match" line per server' });
    await wb.screenshot('no image matches');
    await clickTitleAction(wb, 'Clear Image Filter', 'Images');
    await waitForDescription(wb, '', 'Images');
    await viewRow(wb, 'Images', image);
  });

  it('filters the volumes of the Storage view by name and volume type, and says so in a pool where nothing matches', async function () {
    this.timeout(60_000);
    const wb = e2e.workbench;
    await onlyView(wb, 'Storage');
    await setFilter(wb, tag, { custom: true }, 'Storage');
    await waitForDescription(wb, `name~${tag} · custom`, 'Storage');
    for (const t of targets) {
      const pool = viewRows(wb, 'Storage', t.pool);
      await pool.first().waitFor();
      for (const row of await pool.all()) {
        if ((await row.getAttribute('aria-expanded')) === 'false') {
          await row.click();
        }
      }
    }
    for (const t of targets) {
      await viewRow(wb, 'Storage', volume(t));
    }
    // The instances' volumes match the name, not the type.
    assert.strictEqual(await viewRows(wb, 'Storage', 'Instance volumes').count(), 0, 'no Instance volumes group');
    await wb.screenshot('custom volumes of the tag');

    await setFilter(wb, `${tag}-nothing`, {}, 'Storage');
    await viewRows(wb, 'Storage', 'No volumes match the filter').first().waitFor();
    for (const t of targets) {
      await viewRowGone(wb, 'Storage', volume(t));
    }
    await clickTitleAction(wb, 'Clear Volume Filter', 'Storage');
    await waitForDescription(wb, '', 'Storage');
    await viewRows(wb, 'Storage', 'Instance volumes').first().waitFor();
  });
});
