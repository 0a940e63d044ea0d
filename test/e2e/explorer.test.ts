import * as assert from 'assert';
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';
import type { Locator } from 'playwright-core';
import { query } from '../support/cli';
import { Target, testbed } from '../support/testbed';
import {
  CliInstances,
  instancesPane,
  instancesRow,
  revealInstanceRow,
  testbedConnections,
  waitForInstanceRow,
  waitForNoInstanceRow,
} from './harness/explorer';
import { useWorkbench } from './harness/session';
import { Workbench } from './harness/workbench';

const run = promisify(execFile);

/** What the API says an instance is doing: `Running`, `Stopped`… */
function apiStatus(target: Target, name: string): string {
  return query<{ status: string }>(target, `/1.0/instances/${name}`, testbed().project).status;
}

async function waitForApiStatus(wb: Workbench, target: Target, name: string, status: string): Promise<void> {
  await wb.waitFor(() => apiStatus(target, name) === status, { timeout: 20_000, message: `the API to report ${name} ${status}` });
}

/**
 * The daemon's running operations but trust tokens (which a stopping daemon does not wait for), as
 * "description (project)". LXD 5.0.2 lists operations per project only.
 */
function runningOperations(target: Target): string[] {
  const projects = query<string[]>(target, '/1.0/projects').map((url) => decodeURIComponent(url.split('/').pop() ?? ''));
  return projects.flatMap((p) => {
    let ops: Record<string, { description: string; class: string }[] | undefined>;
    try {
      ops = query(target, '/1.0/operations?recursion=1', p);
    } catch {
      return []; // A project another suite deleted meanwhile has no operations left.
    }
    return (ops.running ?? []).filter((op) => op.class !== 'token').map((op) => `${op.description} (${p})`);
  });
}

/** `LXD 5.0.2` / `Incus 6.0.4`, as the extension labels a server. */
function serverLabel(target: Target): string {
  const version = testbed().env[`LXDX_${target.name.toUpperCase()}_VERSION`];
  return `${target.name === 'lxd' ? 'LXD' : 'Incus'} ${version}`;
}

/**
 * Both daemons of the test bed at once, as two connections in the test project: the views then
 * list each server as a top-level node with its instances under it.
 */
describe('The LXD explorer with LXD and Incus side by side', function () {
  const { project, targets } = testbed();
  /** Per daemon: an instance that runs and one that is stopped, made through the CLI. */
  const made = new Map<Target, { fx: CliInstances; running: string; stopped: string }>();
  /** Daemons a test stopped and did not start again (it failed half-way). */
  const stoppedDaemons = new Set<Target>();
  const daemon = async (target: Target, action: 'start' | 'stop'): Promise<void> => {
    await run('bash', [path.join(testbed().root, 'scripts/daemon.sh'), action, target.name], { timeout: 90_000 });
    if (action === 'stop') {
      stoppedDaemons.add(target);
    } else {
      stoppedDaemons.delete(target);
    }
  };

  before(async function () {
    this.timeout(120_000);
    await Promise.all(
      targets.map(async (target) => {
        const fx = new CliInstances(target, project);
        made.set(target, { fx, running: '', stopped: '' });
        const [running, stopped] = await Promise.all([fx.create('run', { start: true }), fx.create('stop')]);
        made.set(target, { fx, running, stopped });
      }),
    );
  });

  after(async function () {
    this.timeout(180_000);
    for (const target of stoppedDaemons) {
      await daemon(target, 'start');
    }
    await Promise.all([...made.values()].map((m) => m.fx.cleanup()));
  });

  const e2e = useWorkbench({
    name: 'explorer',
    // The test image's init ignores the shutdown signal: a clean stop gives up after 1 s.
    settings: testbedConnections({ 'lxd.stop.timeout': 1 }),
  });

  const fixture = (target: Target) => made.get(target)!;

  it('lists each server with its test instances, their status icons and descriptions', async function () {
    this.timeout(120_000);
    const wb = e2e.workbench;
    await wb.openViewContainer('LXD');
    await instancesPane(wb);
    for (const target of targets) {
      const server = instancesRow(wb, target.name);
      // A daemon under load can take a while to answer the first time.
      await wb.waitFor(async () => (await wb.treeItemDescription(server)) === `${serverLabel(target)} · ${project}`, {
        timeout: 60_000,
        message: `${target.name} to show as connected`,
      });
      const { running, stopped } = fixture(target);
      await waitForInstanceRow(wb, running, { status: 'running' });
      await waitForInstanceRow(wb, stopped, { status: 'stopped' });
      assert.strictEqual(apiStatus(target, running), 'Running');
      assert.strictEqual(apiStatus(target, stopped), 'Stopped');
    }
    // Each instance sits under its own server: after that server's row, before the next server's.
    const index = async (label: string): Promise<number> => Number(await instancesRow(wb, label).getAttribute('data-index'));
    const servers = await Promise.all(targets.map((t) => index(t.name)));
    for (const [i, target] of targets.entries()) {
      const next = Math.min(...servers.filter((s) => s > servers[i]), Infinity);
      for (const name of [fixture(target).running, fixture(target).stopped]) {
        const at = await index(name);
        assert.ok(at > servers[i] && at < next, `${name} (row ${at}) is under ${target.name} (row ${servers[i]})`);
        assert.strictEqual(await instancesRow(wb, name).getAttribute('aria-level'), '2');
      }
    }
    await wb.screenshot('instances of both servers');
  });

  for (const target of targets) {
    it(`starts and stops an instance from its context menu, and the icon follows without a refresh [${target.name}]`, async function () {
      this.timeout(90_000);
      const wb = e2e.workbench;
      const { stopped: name } = fixture(target);
      await instancesPane(wb);
      await wb.contextMenu(await waitForInstanceRow(wb, name, { status: 'stopped' }), 'Start');
      await waitForInstanceRow(wb, name, { status: 'running' });
      await waitForApiStatus(wb, target, name, 'Running');
      await wb.screenshot(`${target.name} started`);

      await wb.contextMenu(instancesRow(wb, name), 'Stop');
      // The clean stop gives up after lxd.stop.timeout; the extension offers a force stop.
      const offer = await wb.notification(new RegExp(`${name} did not stop within 1 s`), { timeout: 30_000 });
      await wb.screenshot(`${target.name} stop timed out`);
      assert.strictEqual(apiStatus(target, name), 'Running');
      await offer.clickButton('Force Stop');
      await waitForInstanceRow(wb, name, { status: 'stopped' });
      await waitForApiStatus(wb, target, name, 'Stopped');
      await wb.screenshot(`${target.name} stopped`);
    });
  }

  it('starts and stops several selected instances at once, across both servers', async function () {
    this.timeout(90_000);
    const wb = e2e.workbench;
    const pane = await instancesPane(wb);
    const names = targets.map((t) => fixture(t).stopped);
    const rows: Locator[] = [];
    for (const name of names) {
      rows.push(await waitForInstanceRow(wb, name, { status: 'stopped' }));
    }
    // Ctrl+click adds a row to the selection (a plain click would also expand it).
    for (const row of rows) {
      await row.click({ modifiers: ['Control'] });
    }
    await wb.waitFor(async () => (await Promise.all(rows.map((r) => r.getAttribute('aria-selected')))).every((s) => s === 'true'), {
      message: 'every row to be selected',
    });
    // The actions go to the whole selection: it must be these rows and no other instance.
    assert.strictEqual(await pane.locator('.monaco-list-row[aria-selected="true"]').count(), rows.length);
    await wb.screenshot('several selected');
    await wb.contextMenu(rows[rows.length - 1], 'Start');
    for (const [i, target] of targets.entries()) {
      await waitForInstanceRow(wb, names[i], { status: 'running' });
      await waitForApiStatus(wb, target, names[i], 'Running');
    }
    await wb.screenshot('several started');

    await wb.contextMenu(rows[0], 'Force Stop');
    for (const [i, target] of targets.entries()) {
      await waitForInstanceRow(wb, names[i], { status: 'stopped' });
      await waitForApiStatus(wb, target, names[i], 'Stopped');
    }
    await wb.screenshot('several stopped');
  });

  it('switches a server to "All projects" from the status bar, and each instance names its project', async function () {
    this.timeout(90_000);
    const wb = e2e.workbench;
    const [target] = targets;
    const { running, stopped } = fixture(target);
    const pane = await instancesPane(wb);
    const status = wb.page.locator('.part.statusbar .statusbar-item', { hasText: new RegExp(`${project}$`) }).first();
    await status.click();
    await wb.quickPick().pick(target.name);
    const projects = await wb.quickPick().items();
    assert.ok(
      projects.some((p) => p.endsWith(project)),
      `the projects offered: ${projects.join(', ')}`,
    );
    assert.ok(projects.includes('All projects'), `the projects offered: ${projects.join(', ')}`);
    await wb.screenshot('project picker');
    await wb.quickPick().pick('All projects');
    try {
      await wb.waitFor(
        async () => (await wb.treeItemDescription(instancesRow(wb, target.name))) === `${serverLabel(target)} · all projects`,
        {
          message: `${target.name} to show all projects`,
        },
      );
      // The list now holds every project's instances (the bench's hundreds among them).
      await wb.waitFor(async () => / · /.test(await wb.treeItemDescription(pane.locator('.monaco-list-row[aria-level="2"]').first())), {
        message: 'the instances of every project',
      });
      await wb.screenshot('all projects');
      await revealInstanceRow(wb, running);
      await waitForInstanceRow(wb, running, { status: 'running', description: `running · ${project}` });
      await revealInstanceRow(wb, stopped);
      await waitForInstanceRow(wb, stopped, { status: 'stopped', description: `stopped · ${project}` });
      await wb.page
        .locator('.part.statusbar .statusbar-item', { hasText: `${target.name}: all projects` })
        .first()
        .waitFor();
      await wb.screenshot('the test instances among them');
    } finally {
      await wb.runCommand('LXD: Switch Project…');
      await wb.quickPick().pick(target.name);
      await wb.quickPick().pick(project);
    }
    await waitForInstanceRow(wb, running, { status: 'running' });
    await wb.screenshot('back in the test project');
  });

  for (const target of targets.filter((t) => t.owned)) {
    it(`shows a stopped daemon as disconnected and recovers by itself once it is back [${target.name}]`, async function () {
      this.timeout(120_000);
      const wb = e2e.workbench;
      const { running } = fixture(target);
      await instancesPane(wb);
      await waitForInstanceRow(wb, running, { status: 'running' });
      // On SIGTERM the daemon first waits for running operations (LXD 5.0.2 up to
      // core.shutdown_timeout, 5 minutes): a console or exec session left open elsewhere would hold
      // it up, so this test only stops a daemon that has none.
      const busy = await wb
        .waitFor(() => runningOperations(target).length === 0, { timeout: 15_000 })
        .then(
          () => [],
          () => runningOperations(target),
        );
      if (busy.length) {
        console.log(`      skipped: ${target.name} has running operations (${busy.join('; ')})`);
        this.skip();
      }
      await daemon(target, 'stop');
      try {
        const server = instancesRow(wb, target.name);
        await wb.waitFor(async () => (await wb.treeItemDescription(server)) === 'disconnected, reconnecting…', {
          timeout: 20_000,
          message: `${target.name} to show as disconnected`,
        });
        await instancesRow(wb, `Disconnected from ${target.name}: reconnecting…`).waitFor();
        await waitForNoInstanceRow(wb, running);
        // The other server carries on.
        for (const other of targets.filter((t) => t !== target)) {
          await waitForInstanceRow(wb, fixture(other).running, { status: 'running' });
        }
        await wb.screenshot(`${target.name} disconnected`);
      } finally {
        await daemon(target, 'start');
      }
      await wb.waitFor(
        async () => (await wb.treeItemDescription(instancesRow(wb, target.name))) === `${serverLabel(target)} · ${project}`,
        {
          timeout: 60_000,
          message: `${target.name} to show as connected again`,
        },
      );
      await waitForInstanceRow(wb, running, { status: 'running' });
      await waitForInstanceRow(wb, fixture(target).stopped, { status: 'stopped' });
      await wb.screenshot(`${target.name} reconnected`);
    });
  }
});
