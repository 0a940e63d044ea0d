import type { Locator } from 'playwright-core';
import { execFile } from 'node:child_process';
import { cliEnv } from '../../support/cli';
import { Target, testbed, uniqueName } from '../../support/testbed';
import { exactly } from './text';
import { WaitAborted } from './wait';
import { clickPaneHeader, Workbench } from './workbench';

/** Wide enough for a test instance's name and its description. */
const SIDE_BAR_WIDTH = 480;

/**
 * The Instances view with every other view of the side bar collapsed, so its rows have the room
 * (rows out of view are not in the DOM), and the side bar wide enough for them.
 */
export async function instancesPane(wb: Workbench): Promise<Locator> {
  const others = wb.page.locator('.part.sidebar .pane-header[aria-expanded="true"]').filter({
    hasNot: wb.page.locator('.title', { hasText: exactly('Instances', 'i') }),
  });
  for (let tries = 0; tries < 12 && (await others.count()) > 0; tries++) {
    await clickPaneHeader(others.first());
  }
  // Out of the way: a title action's hover under the pointer would cover the first row.
  await wb.page.mouse.move(0, 0);
  await wb.resizeSideBar(SIDE_BAR_WIDTH);
  return wb.view('Instances');
}

/** The Instances view's row labelled `label` (an instance, a server, a message), there or not. */
export function instancesRow(wb: Workbench, label: string | RegExp): Locator {
  return wb.page
    .locator('.pane', { has: wb.page.locator('.pane-header .title', { hasText: exactly('Instances', 'i') }) })
    .locator('.monaco-list-row', { has: wb.page.locator('.label-name', { hasText: typeof label === 'string' ? exactly(label) : label }) })
    .first();
}

export interface RowLook {
  /** `running`, `stopped`, `frozen` or `error`. */
  status: string;
  type?: 'container' | 'vm';
  /** What the description should read; the status word unless told. */
  description?: string;
  timeout?: number;
}

/**
 * Waits until an instance's row shows the icon and description of `look` (the icon file of the
 * current theme's kind), and returns the row.
 */
export async function waitForInstanceRow(wb: Workbench, name: string, look: RowLook): Promise<Locator> {
  const icon = `${look.type ?? 'container'}-${look.status}-${await wb.themeKind()}.svg`;
  const description = look.description ?? look.status;
  const row = instancesRow(wb, name);
  await wb.waitFor(
    async () => {
      if (!(await row.isVisible())) {
        throw new Error(`${name} is not in the tree`);
      }
      const seen = { icon: await wb.treeItemIcon(row), description: await wb.treeItemDescription(row) };
      if (seen.icon !== icon || seen.description !== description) {
        throw new Error(`${name} shows ${seen.icon || 'no icon'} and "${seen.description}"`);
      }
      return true;
    },
    { timeout: look.timeout ?? 20_000, message: `${name} to show ${icon} and "${description}"` },
  );
  return row;
}

/**
 * Brings an instance's row into view in a long list (rows out of view are not in the DOM) as a
 * user would: focus the view and type the name, which VS Code's tree find scrolls to.
 */
export async function revealInstanceRow(wb: Workbench, name: string, timeout = 20_000): Promise<Locator> {
  const row = instancesRow(wb, name);
  // Typed again while the row is not there: the find does not follow a row listed after it ran.
  await wb.waitFor(
    async () => {
      if (await row.isVisible()) {
        return true;
      }
      await wb.runCommand('lxd.views.instances.focus');
      await wb.page.keyboard.type(name);
      const found = await row.waitFor({ timeout: 5_000 }).then(
        () => true,
        () => false,
      );
      await wb.page.keyboard.press('Escape');
      return found;
    },
    { timeout, message: `the row of ${name} in view` },
  );
  return row;
}

/** Waits until no row of the Instances view is labelled `label`. */
export async function waitForNoInstanceRow(wb: Workbench, label: string, timeout = 20_000): Promise<void> {
  await instancesRow(wb, label).waitFor({ state: 'detached', timeout });
}

/**
 * Instances a suite makes through the daemon's own CLI (not through the code under test), and
 * deletes afterwards whatever happened, with anything else it was told to remember.
 */
export class CliInstances {
  private readonly tracked = new Set<string>();

  constructor(
    private readonly target: Target,
    private readonly project: string,
  ) {}

  /** Makes a busybox container from the test image, running or not, with `config` set. */
  async create(label: string, options: { start?: boolean; config?: Record<string, string> } = {}): Promise<string> {
    const name = uniqueName(label);
    this.tracked.add(name);
    const config = Object.entries(options.config ?? {}).flatMap(([k, v]) => ['--config', `${k}=${v}`]);
    await runCli(this.target, [options.start ? 'launch' : 'init', testbed().image, name, '--project', this.project, ...config]);
    return name;
  }

  /** The instances made or tracked so far. */
  get names(): string[] {
    return [...this.tracked];
  }

  /** An instance the test made through the extension, to delete it afterwards too. */
  track(name: string): void {
    this.tracked.add(name);
  }

  async cleanup(): Promise<void> {
    await Promise.all(
      [...this.tracked].map((name) => runCli(this.target, ['delete', '--force', '--project', this.project, name]).catch(() => undefined)),
    );
    this.tracked.clear();
  }
}

/**
 * Runs the target's CLI with stdin closed (`lxc init`/`launch` read a YAML config from a stdin
 * that is not a terminal, and wait for it forever otherwise). Resolves to what it printed.
 */
export function runCli(target: Target, args: string[], timeout = 60_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(target.cli, args, { env: cliEnv(target), timeout }, (err, stdout, stderr) =>
      err ? reject(new Error(`${target.cli} ${args.join(' ')}: ${stderr.trim() || err.message}`)) : resolve(stdout),
    );
    child.stdin?.end();
  });
}

/**
 * Settings that show the test bed's daemons, and nothing else, as connections named after them
 * (`lxd`, `incus`) in the test project (or `project`); `extra` on top.
 */
export function testbedConnections(extra: Record<string, unknown> = {}, project = testbed().project): Record<string, unknown> {
  const { targets } = testbed();
  return {
    'lxd.detectLocal': false,
    'lxd.readCliRemotes': false,
    'lxd.connections': targets.map((t) => ({ name: t.name, socket: t.socket, project })),
    ...extra,
  };
}

/**
 * Chooses `menuItem` on the row of `name` and waits until `done` says the action happened. While
 * VS Code redraws a view (rows came or went: other suites' objects share the project), it has
 * forgotten the rows it showed, and a menu action chosen in that moment reaches the command without
 * its row: the command then asks which object, as from the palette, and `name` is the answer.
 */
export async function fromMenu(
  wb: Workbench,
  row: Locator,
  menuItem: string,
  name: string,
  done: { until: () => Promise<boolean>; message: string },
): Promise<void> {
  await wb.contextMenu(row, menuItem);
  const outcome = await wb.waitFor(async () => ((await done.until()) ? 'done' : (await wb.quickPick().isOpen()) ? 'asked' : undefined), {
    message: `${done.message}, or the question which object`,
    timeout: 30_000,
  });
  if (outcome === 'asked') {
    await wb.screenshot(`${menuItem}: asked which object`);
    await wb.quickPick().pick(name);
    await wb.waitFor(done.until, { message: done.message, timeout: 30_000 });
  }
}

/** Edit Configuration (or `menuItem`, another Edit command) on the row of `name`, until its editor shows. */
export async function openConfigFromMenu(wb: Workbench, row: Locator, menuItem: string, name: string): Promise<void> {
  const tab = wb.page.locator('.tabs-container .tab', { hasText: `${name}.yaml` });
  await fromMenu(wb, row, menuItem, name, { until: async () => (await tab.count()) > 0, message: `the editor of ${name}` });
}

/**
 * Right-click → Open Shell on the instance's row. Other suites add and remove instances in the
 * shared test project, so rows move: `Workbench.contextMenu` opens the menu again until it opened
 * on our row.
 */
export async function openShellFromTree(wb: Workbench, name: string): Promise<void> {
  await wb.contextMenu(await wb.treeItem('Instances', name), 'Open Shell');
}

/** A row of the Explorer's folders at tree depth `level` (1: a workspace folder). */
export function explorerRow(wb: Workbench, level: number, label: string | RegExp): Locator {
  return wb.page
    .locator(`.explorer-folders-view .monaco-list-row[aria-level="${level}"]`, { has: wb.page.locator('.label-name', { hasText: label }) })
    .first();
}

/**
 * Runs Add to Workspace on `name` from the palette (picked by name: other suites add and remove
 * instances in the same project), and waits until its folder in the Explorer lists `child`
 * (expanding the folder when it comes back collapsed). From a single-folder window the command
 * opens a workspace file it wrote, which reloads the window: the rows are looked up afresh.
 * code-server 4.100.3 now and then opens a workspace it has never seen without its folders
 * although the file lists them (it did so with VS Code's own untitled workspace too); a reload
 * then shows them, as it would for a user. That is done once, with a screenshot; a window still
 * without folders after it fails the test.
 */
export async function addToWorkspace(wb: Workbench, name: string, folderLabel: string, child: string | RegExp): Promise<void> {
  await wb.runCommand('LXD: Add to Workspace');
  await wb.quickPick().pick(name);
  const rowOf = (level: number, label: string | RegExp): Locator => explorerRow(wb, level, label);
  let emptySince = 0;
  let reloaded = false;
  await wb.waitFor(
    async () => {
      const root = rowOf(1, folderLabel);
      if (!(await root.isVisible())) {
        const empty = await wb.page.getByText('You have not yet added a folder to the workspace').first().isVisible();
        emptySince = empty ? emptySince || Date.now() : 0;
        if (empty && Date.now() - emptySince > 10_000) {
          if (reloaded) {
            throw new WaitAborted('the window came back from its reload without any folder, and again after Reload Window');
          }
          reloaded = true;
          emptySince = 0;
          await wb.screenshot('workspace opened without its folders');
          console.warn('    (code-server opened the new workspace without its folders: reloading the window once)');
          await wb.page.reload();
          await wb.waitUntilReady();
        }
        return false;
      }
      if ((await root.getAttribute('aria-expanded')) !== 'true') {
        await root.click();
      }
      return rowOf(2, child).isVisible();
    },
    { timeout: 100_000, interval: 500, message: `the instance folder to list ${String(child)}` },
  );
}

/** The rows of the Instances view, in order, with their depth in the tree. */
export async function rowsWithLevels(wb: Workbench): Promise<{ label: string; level: number }[]> {
  const pane = await wb.view('Instances');
  return pane
    .locator('.monaco-list-row')
    .evaluateAll((rows) =>
      rows.map((r) => ({ label: r.querySelector('.label-name')?.textContent?.trim() ?? '', level: Number(r.getAttribute('aria-level')) })),
    );
}
