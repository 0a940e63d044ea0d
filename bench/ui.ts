/**
 * `npm run bench:ui`: the extension in the real editor (code-server + Chromium, the packaged
 * .vsix, the e2e harness), with the test bed's LXD and Incus shown side by side, each in a project
 * of 1 and of 1,000 instances. Rounds interleave the two scales; each round opens one new window
 * per scale and measures, as a user meets them: the cold first row, the first row with the
 * extension host already up, the warm view (reopened, refreshed), VS Code's activation figure,
 * the extension host's memory, Browse Files and Add to Workspace; `curl` and `lxc list` / `incus list` run on the
 * same projects in the same round. An event storm per server follows the rounds. Prints medians,
 * ratios and issue 9's targets; writes every sample to bench/results/ui-<date>.json.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readTestbedEnv, repoRoot } from '../test/e2e/harness/testbed';
import { testbed } from '../test/support/testbed';
import { addToWorkspace, browseFiles } from './editor/browse';
import { bundleFigures } from './editor/bundle';
import { peerTimes } from './editor/peers';
import { profileRun } from './editor/profile';
import { ensureScaleProjects, Scale, SCALES } from './editor/projects';
import { printStormsAndBundle, printTable, printTargets, UiRun } from './editor/report';
import { eventStorm } from './editor/storm';
import { BenchWindow, FirstRow } from './editor/window';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const FILES_ONLY = process.env.BENCH_ONLY === 'files';
/** `BENCH_ONLY=hostup`: only the first click with the extension host up, three new windows per scale and round. */
const HOSTUP_ONLY = process.env.BENCH_ONLY === 'hostup';
/** BENCH_STORMS=0 leaves the event storms out (they take about 8 minutes here). */
const STORMS = process.env.BENCH_STORMS !== '0';
/** Reopen and Refresh measurements per window. */
const WARM_REPEATS = 3;

/** Adds a window's figures to the run's samples (`prefix.key`), skipping what the logs did not say. */
function add(run: UiRun, scale: Scale, prefix: string, figures: object): void {
  for (const [key, value] of Object.entries(figures)) {
    if (typeof value === 'number' && Number.isFinite(value)) {
      (run.samples[scale][prefix + key] ??= []).push(value);
    }
  }
}

/**
 * Runs `step` in a new window at one scale (opened cold; `cold` gets that first row), records a
 * failure (screenshot, browser console and VS Code's logs under test-artifacts/e2e/bench-ui-<scale>/)
 * and closes the window whatever happened.
 */
async function inWindow(scale: Scale, step: (w: BenchWindow, cold: FirstRow & { fromPageLoad: number }) => Promise<void>): Promise<void> {
  const { window: w, cold } = await BenchWindow.openCold(scale);
  try {
    await step(w, cold);
  } catch (e) {
    await w.session.recordFailure(`failed ${new Date().toISOString()}`).catch(() => undefined);
    throw e;
  } finally {
    await w.close();
  }
}

/** One new window at one scale: every figure it gives, in the order a user would meet them. */
function windowRound(run: UiRun, scale: Scale): Promise<void> {
  return inWindow(scale, async (w, cold) => {
    add(run, scale, 'cold.', cold);
    await w.settle();
    add(run, scale, '', { vscodeActivation: await w.vscodeActivationMs() });
    for (let i = 0; i < WARM_REPEATS; i++) {
      add(run, scale, '', { reopen: await w.reopen() });
      await w.settle();
      add(run, scale, '', { refresh: await w.refresh() });
    }
    await w.settle();
    add(run, scale, 'rss.', { after: w.rssMb() });
    const hostUp = await w.firstClickHostUp();
    add(run, scale, 'hostUp.', hostUp.row);
    add(run, scale, 'hostUp.', { vscodeActivation: await w.vscodeActivationMs() });
    add(run, scale, 'rss.', { before: hostUp.rssBeforeMb });
    add(run, scale, 'browse.', await browseFiles(w));
    const added = await addToWorkspace(w);
    add(run, scale, 'workspace.', added.figures ?? {});
    run.browseEmpty[scale] += added.cameBackEmpty ? 1 : 0;
  });
}

/**
 * `BENCH_ONLY=files`: only the instance's files, in a new window per scale and round, warmed by its
 * cold first row: Browse Files, then Add to Workspace (a few minutes instead of the whole run).
 */
function filesRound(run: UiRun, scale: Scale): Promise<void> {
  return inWindow(scale, async (w, cold) => {
    add(run, scale, 'cold.', cold);
    await w.settle();
    add(run, scale, 'browse.', await browseFiles(w));
    const added = await addToWorkspace(w);
    add(run, scale, 'workspace.', added.figures ?? {});
    run.browseEmpty[scale] += added.cameBackEmpty ? 1 : 0;
  });
}

/** `BENCH_ONLY=hostup`: a cold window at one scale, then three host-up first clicks, each in a new window. */
function hostUpRound(run: UiRun, scale: Scale): Promise<void> {
  return inWindow(scale, async (w) => {
    await w.settle();
    for (let i = 0; i < 3; i++) {
      add(run, scale, 'hostUp.', (await w.firstClickHostUp()).row);
    }
  });
}

/** Runs a step of the run; a failure (a daemon restarted by someone else, a timeout) is recorded and the run goes on. */
async function attempt(run: UiRun, what: string, step: () => Promise<void>): Promise<void> {
  try {
    await step();
  } catch (e) {
    run.errors.push(`${what}: ${(e as Error).stack ?? e}`);
    process.stderr.write(`bench:ui: ${what} failed: ${(e as Error).message.split('\n')[0]}\n`);
  }
}

async function main(): Promise<void> {
  const { targets } = testbed();
  if (process.env.BENCH_PROFILE) {
    await ensureScaleProjects(targets);
    await profileRun();
    return;
  }
  const env = readTestbedEnv().vars;
  const run: UiRun = {
    date: new Date().toISOString(),
    rounds: ROUNDS,
    versions: {
      'code-server': env.LXDX_CODE_SERVER_VERSION ?? '?',
      ...Object.fromEntries(targets.map((t) => [t.name === 'lxd' ? 'LXD' : 'Incus', env[`LXDX_${t.name.toUpperCase()}_VERSION`] ?? '?'])),
    },
    samples: { 1: {}, 1000: {} },
    browseEmpty: { 1: 0, 1000: 0 },
    storms: [],
    errors: [],
  };
  process.stderr.write('bench:ui: making sure the bench projects are there…\n');
  await ensureScaleProjects(targets);
  if (!FILES_ONLY && !HOSTUP_ONLY) {
    run.bundle = await bundleFigures(repoRoot);
  }
  for (let round = 0; round < ROUNDS; round++) {
    // Alternate which scale goes first, so drifting load on the machine hits both alike.
    const order = round % 2 === 0 ? [...SCALES] : [...SCALES].reverse();
    for (const scale of order) {
      const what = `round ${round + 1}/${ROUNDS}, ${scale}/server`;
      process.stderr.write(`bench:ui: ${what}\n`);
      if (FILES_ONLY || HOSTUP_ONLY) {
        await attempt(run, what, () => (FILES_ONLY ? filesRound : hostUpRound)(run, scale));
        continue;
      }
      await attempt(run, what, () => windowRound(run, scale));
      await attempt(run, `${what}, curl and the CLIs`, async () => add(run, scale, '', await peerTimes(targets, scale)));
    }
  }
  if (FILES_ONLY || HOSTUP_ONLY) {
    printTable(run);
    run.errors.forEach((e) => console.log(`\nfailed: ${e}`));
    return;
  }
  if (STORMS) {
    process.stderr.write('bench:ui: event storms\n');
    await attempt(run, 'event storms', () =>
      inWindow(1000, async (w) => {
        for (const target of targets) {
          run.storms.push(await eventStorm(w, target));
        }
      }),
    );
  }
  const file = path.join(repoRoot, 'bench', 'results', `ui-${run.date.replace(/[:.]/g, '-')}.json`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(run, null, 2));
  printTable(run);
  printTargets(run);
  printStormsAndBundle(run);
  console.log(`\nevery sample: ${path.relative(repoRoot, file)}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
