import { Client } from '../../src/client';
import { instancesPane, runCli } from '../../test/e2e/harness/explorer';
import { Target, testbed } from '../../test/support/testbed';
import { benchInstanceName } from '../lib';
import { cpuMs, cpuOver } from './exthost';
import { allRowsShow, instanceStatuses } from './probe';
import { scaleProject } from './projects';
import { BenchWindow } from './window';

/** What 200 instances started (then stopped) by the CLI at once do to the tree (ms). */
export interface Storm {
  target: string;
  instances: number;
  /** Instances the daemon failed to start (their rows are not waited for). */
  failedToStart: number;
  /** First CLI start issued → last CLI start returned. */
  starts: number;
  /** Last start returned → every started instance's row shows Running; undefined when some never did. */
  rowsAfterLastStart?: number;
  /** Rows of started instances that still did not show Running ROWS_TIMEOUT_MS after the last start. */
  rowsBehind: { name: string; shows: string }[];
  /** Extension host CPU from the first start to the last row (or the timeout). */
  exthostCpu: number;
  /** Extension host CPU in the second after that. */
  cpuSecondAfter: number;
  /** Then → the first second in which the extension host used under QUIET_CPU_MS of CPU. */
  idleAfter: number;
  /** The same for stopping them again: last stop returned → every row shows Stopped. */
  stops: number;
  stoppedRowsAfterLastStop?: number;
  stoppedRowsBehind: { name: string; shows: string }[];
}

const ROW_HEIGHT = 22;
const CLI_PROCESSES = 10;
const QUIET_CPU_MS = 20;
const CLI_TIMEOUT_MS = 300_000;
/** Rows not caught up by then are stuck (the tree missed an update), not slow. */
const ROWS_TIMEOUT_MS = 60_000;

/**
 * Starts `count` stopped instances of the 1,000 project with the CLI, in CLI_PROCESSES
 * processes at once, and waits until each of their rows shows Running; then stops them the same
 * way. The view is virtualised (rows out of view are not in the DOM), so the window is made tall
 * enough to hold every one of them, with the other servers' nodes collapsed; it is left that way
 * (the next measurement opens a new window). The instances are stopped again whatever happens.
 */
export async function eventStorm(w: BenchWindow, target: Target, count = 200): Promise<Storm> {
  const { page } = w.wb;
  const names = Array.from({ length: count }, (_, i) => benchInstanceName(i + 1));
  const project = scaleProject(1000);
  await page.setViewportSize({ width: page.viewportSize()?.width ?? 1400, height: (count + 20) * ROW_HEIGHT + 200 });
  await collapseOtherServers(w, target);
  await instancesPane(w.wb);
  // An earlier run cut short may have left some running (a stop of a stopped instance is an
  // error that LXD can take seconds to give).
  await cli(target, project, 'stop', await running(target, project, names)).catch(() => undefined);
  await allRowsShow(page, names, 'stopped', 60_000);
  await w.settle();
  try {
    const up = await race(w, target, project, names, 'start', 'running');
    const cpuSecondAfter = await cpuOver(w.exthost, 1000);
    let idleAfter = 0;
    for (let cpu = cpuSecondAfter; cpu > QUIET_CPU_MS && idleAfter < 30_000; cpu = await cpuOver(w.exthost, 1000)) {
      idleAfter += 1000;
    }
    const down = await race(w, target, project, up.reached, 'stop', 'stopped');
    await w.settle();
    return {
      target: target.name,
      instances: count,
      failedToStart: count - up.reached.length,
      starts: up.commands,
      rowsAfterLastStart: up.rowsAfter,
      rowsBehind: up.behind,
      exthostCpu: up.cpu,
      cpuSecondAfter,
      idleAfter,
      stops: down.commands,
      stoppedRowsAfterLastStop: down.rowsAfter,
      stoppedRowsBehind: down.behind,
    };
  } finally {
    await cli(target, project, 'stop', await running(target, project, names)).catch(() => undefined);
  }
}

/**
 * Runs `verb` over `names` in CLI_PROCESSES CLI processes at once and times the rows of those it
 * reached catching up. A CLI that fails for some instances (a busy machine makes an instance's
 * start hook time out now and then) is not an error: what the daemon says afterwards counts.
 */
async function race(w: BenchWindow, target: Target, project: string, names: string[], verb: 'start' | 'stop', word: string) {
  const cpu = cpuMs(w.exthost);
  const first = Date.now();
  await cli(target, project, verb, names).catch(() => undefined);
  const last = Date.now();
  const up = new Set(await running(target, project, names));
  const reached = names.filter((n) => up.has(n) === (verb === 'start'));
  const at = await allRowsShow(w.wb.page, reached, word, ROWS_TIMEOUT_MS).catch(() => undefined);
  const shows = at ? {} : await instanceStatuses(w.wb.page, reached);
  const behind = at
    ? []
    : reached
        .filter(
          (n) =>
            !(shows[n] ?? '')
              .toLowerCase()
              .split(/[^a-z]+/)
              .includes(word),
        )
        .map((name) => ({ name, shows: shows[name] ?? 'not in the DOM' }));
  return { commands: last - first, rowsAfter: at && at - last, behind, cpu: cpuMs(w.exthost) - cpu, reached };
}

/** Those of `names` that run, as the daemon says. */
async function running(target: Target, project: string, names: string[]): Promise<string[]> {
  const client = Client.unix(target.socket, { project });
  const up = new Set(
    (await client.instances.list().finally(() => client.close())).filter((i) => i.status === 'Running').map((i) => i.name),
  );
  return names.filter((n) => up.has(n));
}

/** `lxc start|stop` over `names`, CLI_PROCESSES processes at once. */
async function cli(target: Target, project: string, verb: 'start' | 'stop', names: string[]): Promise<void> {
  const per = Math.ceil(names.length / CLI_PROCESSES);
  const chunks = Array.from({ length: CLI_PROCESSES }, (_, i) => names.slice(i * per, (i + 1) * per)).filter((c) => c.length);
  const results = await Promise.allSettled(
    chunks.map((chunk) => runCli(target, [verb, '--project', project, ...(verb === 'stop' ? ['--force'] : []), ...chunk], CLI_TIMEOUT_MS)),
  );
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) {
    throw failed.reason;
  }
}

/** With several servers in the view, collapses every server node but `target`'s. */
async function collapseOtherServers(w: BenchWindow, target: Target): Promise<void> {
  for (const other of testbed().targets.filter((t) => t !== target)) {
    const row = w.wb.page
      .locator('.monaco-list-row[aria-level="1"][aria-expanded="true"]', {
        has: w.wb.page.locator('.label-name', { hasText: new RegExp(`^${other.name}$`) }),
      })
      .first();
    if (await row.isVisible()) {
      await row.locator('.monaco-tl-twistie').click();
    }
  }
}
