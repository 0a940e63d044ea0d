import * as assert from 'assert';
import { Target, testbed, uniqueName } from '../support/testbed';
import {
  CliInstances,
  instancesPane,
  instancesRow,
  revealInstanceRow,
  runCli,
  testbedConnections,
  waitForInstanceRow,
} from './harness/explorer';
import { useWorkbench } from './harness/session';
import { Workbench } from './harness/workbench';

/** Instances the storm starts at once per daemon, and the CLI processes that start them. */
const STORM = 20;
const CLI_PROCESSES = 4;

/** Each row of `names` as its accessible label says it (`name, container, Running`), if in the DOM. */
async function rowLabels(wb: Workbench, names: string[]): Promise<Map<string, string>> {
  const labels = await wb.page
    .locator('.pane', { has: wb.page.locator('.pane-header .title', { hasText: /^Instances$/i }) })
    .locator('.monaco-list-row')
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label') ?? ''));
  const wanted = new Set(names);
  return new Map(labels.map((l) => [l.split(',')[0], l] as const).filter(([name]) => wanted.has(name)));
}

/**
 * The Instances view of big trees, on LXD and Incus side by side: rows carry only what they show,
 * tooltips are built on hover, and a burst of events (instances started by the CLI at once)
 * reaches every row.
 */
describe('The Instances view under many instances and events', function () {
  const { project, targets } = testbed();
  const made = new Map<Target, CliInstances>(targets.map((t) => [t, new CliInstances(t, project)]));
  /** Per daemon: the storm's instances, named so that they sort together. */
  const storm = new Map<Target, string[]>();

  before(async function () {
    this.timeout(300_000);
    await Promise.all(
      targets.map(async (t) => {
        const prefix = uniqueName('storm');
        const names = Array.from({ length: STORM }, (_, i) => `${prefix}-${String(i).padStart(2, '0')}`);
        names.forEach((n) => made.get(t)!.track(n));
        // A few creations in flight per daemon, as a user's script would.
        for (let i = 0; i < names.length; i += 5) {
          await Promise.all(names.slice(i, i + 5).map((n) => runCli(t, ['init', testbed().image, n, '--project', project], 120_000)));
        }
        storm.set(t, names);
      }),
    );
  });

  after(async function () {
    this.timeout(180_000);
    await Promise.all(targets.map((t) => made.get(t)!.cleanup()));
  });

  const e2e = useWorkbench({ name: 'explorer-trees', settings: testbedConnections() });

  for (const target of targets) {
    it(`shows an instance's details on hover [${target.name}]`, async function () {
      this.timeout(90_000);
      const wb = e2e.workbench;
      await wb.openViewContainer('LXD');
      await instancesPane(wb);
      const name = storm.get(target)![0];
      const row = await revealInstanceRow(wb, name, 30_000);
      await waitForInstanceRow(wb, name, { status: 'stopped' });
      const hover = wb.page
        .locator('.monaco-hover')
        .filter({ hasText: name })
        .filter({ hasText: /Created:/ })
        .first();
      // A hover that went unseen (the pointer arrived while the workbench moved focus) is tried again.
      const text = await wb.waitFor(
        async () => {
          await wb.page.mouse.move(0, 0);
          await row.locator('.label-name').hover();
          await hover.waitFor({ timeout: 5_000 });
          return hover.innerText();
        },
        { timeout: 30_000, message: `the tooltip of ${name}` },
      );
      assert.match(text, /container, Stopped/);
      assert.match(text, /Profiles:\s*default/);
      await wb.screenshot(`${target.name} tooltip`);
      await wb.page.mouse.move(0, 0);
    });

    it(`shows every instance Running after ${STORM} are started by the CLI at once [${target.name}]`, async function () {
      this.timeout(240_000);
      const wb = e2e.workbench;
      const names = storm.get(target)!;
      // Tall enough for every storm row (they sort together), so all of them are in the DOM.
      await wb.page.setViewportSize({ width: wb.page.viewportSize()?.width ?? 1400, height: 1600 });
      await wb.openViewContainer('LXD');
      await instancesPane(wb);
      // The last, then the first: the first ends up at the top, the rest below it in view.
      await revealInstanceRow(wb, names[names.length - 1], 30_000);
      await revealInstanceRow(wb, names[0], 30_000);
      const stopped = new Set<string>();
      await wb.waitFor(
        async () => {
          const labels = await rowLabels(wb, names);
          names.filter((n) => /, Stopped$/.test(labels.get(n) ?? '')).forEach((n) => stopped.add(n));
          const behind = names.filter((n) => !stopped.has(n));
          const missing = behind.find((n) => !labels.has(n));
          if (missing) {
            await revealInstanceRow(wb, missing, 10_000);
          }
          if (behind.length) {
            throw new Error(`not shown Stopped: ${behind.join(', ')}`);
          }
          return true;
        },
        { timeout: 30_000, message: 'every storm row Stopped before the storm' },
      );
      const per = Math.ceil(names.length / CLI_PROCESSES);
      const chunks = Array.from({ length: CLI_PROCESSES }, (_, i) => names.slice(i * per, (i + 1) * per));
      // A start hook that times out on a busy machine fails that start: what the daemon says afterwards counts.
      await Promise.allSettled(chunks.map((chunk) => runCli(target, ['start', '--project', project, ...chunk], 180_000)));
      const listed = JSON.parse(await runCli(target, ['list', '--project', project, '--format', 'json'])) as {
        name: string;
        status: string;
      }[];
      const up = names.filter((n) => listed.find((i) => i.name === n)?.status === 'Running');
      assert.ok(up.length >= names.length / 2, `the daemon started ${up.length} of ${names.length}`);
      // Other suites' instances come and go in the same project, above these rows too, and push
      // them out of view: a row seen Running counts, and the first one not in the DOM is brought back.
      const seen = new Set<string>();
      await wb.waitFor(
        async () => {
          const labels = await rowLabels(wb, up);
          up.filter((n) => /, Running$/.test(labels.get(n) ?? '')).forEach((n) => seen.add(n));
          const behind = up.filter((n) => !seen.has(n));
          const missing = behind.find((n) => !labels.has(n));
          if (missing) {
            await revealInstanceRow(wb, missing, 10_000);
          }
          if (behind.length) {
            throw new Error(`not shown Running: ${behind.map((n) => `${n} (${labels.get(n) ?? 'not in the DOM'})`).join(', ')}`);
          }
          return true;
        },
        { timeout: 30_000, message: `every started row Running` },
      );
      assert.strictEqual(await instancesRow(wb, names[0]).count(), 1);
      await wb.screenshot(`${target.name} after the storm`);
    });
  }
});
