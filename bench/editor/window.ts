import type { Locator } from 'playwright-core';
import { instancesRow, testbedConnections } from '../../test/e2e/harness/explorer';
import { testbed } from '../../test/support/testbed';
import { WorkbenchSession } from '../../test/e2e/harness/session';
import { Workbench } from '../../test/e2e/harness/workbench';
import { benchInstanceName } from '../lib';
import {
  activationLog,
  ActivationLog,
  cpuByRole,
  cpuMs,
  CpuRoles,
  extensionHost,
  extensionLogged,
  exthostLogDir,
  exthostLogged,
  machineBusyMs,
  quiet,
  rolePids,
  rssMb,
} from './exthost';
import { installProbe, instanceRowPainted, lastPointerDown, navigationStart, redrawn, watchRedraw } from './probe';
import { Scale, scaleProject } from './projects';

/** A first instance row after a click, with what VS Code's and the extension's logs say happened in between (ms). */
export interface FirstRow {
  /** Click → first instance row painted. */
  total: number;
  /** Click → VS Code starts activating the extension (its host must be up first). */
  toActivation?: number;
  /** Activation start → the extension's "ready" line (bundle load, activate(); servers connect after it). */
  activation?: number;
  /** "Ready" → first row painted (listing, tree items, the renderer). */
  afterReady?: number;
  /** The extension's own clock: the bundle's modules run (what VS Code counts as code loading, minus any wait). */
  bundleEvaluated?: number;
  /** The extension's own clock: its bundle evaluated → VS Code calls activate() (the extension's context, its stored state, made ready). */
  activateCalledAfter?: number;
  /** The extension's own clock: activate() itself. */
  activateRan?: number;
  /** How many other extensions VS Code activated together with this one (within 50 ms). */
  activatedWith?: number;
  /** CPU ms the LXD and Incus daemons used from just before the click until the row was seen. */
  daemonsCpu?: number;
  /** CPU ms Chromium (browser, renderer, GPU processes) used over the same span. */
  browserCpu?: number;
  /** CPU ms code-server's processes (server, extension host, pty host, watcher) used over it. */
  editorCpu?: number;
  /** Of which the extension host (where it was up before the click). */
  exthostCpu?: number;
  /** CPU ms the whole machine was busy over the same span, summed over its cores. */
  machineBusy?: number;
  /** That span, as the bench saw it (a little longer than click → row). */
  cpuSpan?: number;
}

/** Splits click → row at VS Code's activation start and the extension's ready line, when the log has them. */
export function splitFirstRow(click: number, row: number, log: ActivationLog): FirstRow {
  return {
    total: row - click,
    toActivation: log.activating && log.activating - click,
    activation: log.activating && log.ready && log.ready - log.activating,
    afterReady: log.ready && row - log.ready,
    bundleEvaluated: log.bundleEvaluated,
    activateCalledAfter: log.activateCalledAfter,
    activateRan: log.activateRan,
    activatedWith: log.activatedWith?.length,
  };
}

/**
 * One new browser window on a new code-server (fresh user data) whose connections show the test
 * bed's daemons in a scale's project, driven as a user would: activity bar, view title actions,
 * context menus. Times come from the page (see probe.ts), the extension host's /proc and VS Code's logs.
 */
export class BenchWindow {
  private constructor(
    readonly session: WorkbenchSession,
    readonly scale: Scale,
    public exthost: number,
    public logDir: string,
  ) {}

  get wb(): Workbench {
    return this.session.workbench;
  }

  get userDataDir(): string {
    return this.session.server.options.userDataDir;
  }

  /** Opens the window; its extension host is found once it is there (followExtensionHost). */
  static async open(scale: Scale, env?: Record<string, string>): Promise<BenchWindow> {
    const session = await WorkbenchSession.start({ name: `bench-ui-${scale}`, settings: testbedConnections({}, scaleProject(scale)), env });
    try {
      await installProbe(session.page);
    } catch (e) {
      await session.stop().catch(() => undefined);
      throw e;
    }
    return new BenchWindow(session, scale, 0, '');
  }

  /**
   * Opens the window and clicks the LXD icon as soon as the workbench is laid out: the cold
   * first row, from the click and from the start of the page load.
   */
  static async openCold(scale: Scale): Promise<{ window: BenchWindow; cold: FirstRow & { fromPageLoad: number } }> {
    const window = await BenchWindow.open(scale);
    try {
      return { window, cold: await window.firstRow() };
    } catch (e) {
      await window.close().catch(() => undefined);
      throw e;
    }
  }

  /** Clicks the LXD icon of a window that has not shown it yet: click → first instance row, and page load → first row. */
  async firstRow(): Promise<FirstRow & { fromPageLoad: number }> {
    const { page } = this.wb;
    const painted = instanceRowPainted(page);
    const pids = rolePids();
    const cpu = (): CpuRoles & { at: number; machine: number } => ({ at: Date.now(), ...cpuByRole(pids), machine: machineBusyMs() });
    const exthostBefore = this.exthost ? cpuMs(this.exthost) : undefined;
    const before = cpu();
    await this.wb.openViewContainer('LXD');
    const row = await painted;
    const after = cpu();
    const exthostCpu = exthostBefore === undefined ? undefined : cpuMs(this.exthost) - exthostBefore;
    const click = await lastPointerDown(page);
    if (!this.exthost) {
      await this.followExtensionHost(0);
    }
    return {
      ...splitFirstRow(click, row, await this.activation()),
      fromPageLoad: row - (await navigationStart(page)),
      daemonsCpu: after.daemons - before.daemons,
      browserCpu: after.browser - before.browser,
      editorCpu: after.editor - before.editor,
      exthostCpu,
      machineBusy: after.machine - before.machine,
      cpuSpan: after.at - before.at,
    };
  }

  /** The extension's activation as logged, once its ready line is there. */
  async activation(): Promise<ActivationLog> {
    return this.wb.waitFor(
      () => {
        const log = activationLog(this.logDir);
        return log.ready ? log : undefined;
      },
      { timeout: 60_000, message: 'the extension to log that it is ready' },
    );
  }

  /** Waits until the extension host has nothing left to do (loading, refreshing, GC). */
  async settle(): Promise<void> {
    await quiet(this.exthost);
  }

  rssMb(): number {
    return rssMb(this.exthost);
  }

  /** VS Code's own activation time (code loading + the synchronous part of activate()), from Developer: Show Running Extensions. */
  async vscodeActivationMs(): Promise<number> {
    await this.wb.runCommand('Developer: Show Running Extensions');
    const time = this.wb.page.locator('.runtime-extensions-editor .monaco-list-row[aria-label="lxd-explorer"] .activation-time');
    const ms = await this.wb.waitFor(async () => Number(/(\d+)\s*ms/.exec(await time.innerText())?.[1]), {
      message: 'the activation time of LXD Explorer',
    });
    await this.wb.runCommand('View: Close Editor');
    return ms;
  }

  /** Another view container (Explorer), then the LXD icon again: how soon the first row is back. */
  async reopen(): Promise<number> {
    await this.wb.openViewContainer('Explorer');
    await this.settle();
    const painted = instanceRowPainted(this.wb.page);
    await this.wb.openViewContainer('LXD');
    return (await painted) - (await lastPointerDown(this.wb.page));
  }

  /**
   * The Refresh button of the Instances view: how soon every server's instances are listed again
   * and VS Code told what changed (the extension's "listed again" lines), or the first instance
   * row drawn again if that comes later. An unchanged list redraws nothing, so there may be no row
   * to wait for.
   */
  async refresh(): Promise<number> {
    const header = this.wb.page.locator('.pane-header', { has: this.wb.page.locator('.title', { hasText: /^instances$/i }) }).first();
    await header.hover();
    await watchRedraw(this.wb.page);
    const listed = /Instances of .* listed again: \d+, (\d+ rows redrawn|the list redrawn)/;
    const before = extensionLogged(this.logDir, listed).length;
    await header.locator('.actions a.action-label[aria-label^="Refresh"]').click();
    const servers = testbed().targets.length;
    const lines = await this.wb.waitFor(
      () => {
        const all = extensionLogged(this.logDir, listed);
        return all.length >= before + servers && all.slice(before);
      },
      { timeout: 120_000, message: 'the instances listed again' },
    );
    const row = await redrawn(this.wb.page, 1000).catch(() => 0);
    await this.wb.page.mouse.move(0, 0);
    return Math.max(...lines, row) - (await lastPointerDown(this.wb.page));
  }

  /**
   * A new window on the same code-server (VS Code's default layout: the Explorer in front, so this
   * extension is not activated), left until its extension host is up and quiet, then the LXD icon
   * clicked: the "extension host already up" first row. Also the host's memory before the
   * extension loads. The window stays open for what follows.
   */
  async firstClickHostUp(): Promise<{ row: FirstRow & { fromPageLoad: number }; rssBeforeMb: number }> {
    await this.newWindowHostUp();
    const rssBeforeMb = this.rssMb();
    return { row: await this.firstRow(), rssBeforeMb };
  }

  /** A new window, left until its extension host is up and idle, the extension not yet activated. */
  async newWindowHostUp(): Promise<void> {
    const old = this.exthost;
    await this.session.newWindow();
    await installProbe(this.wb.page);
    await this.followExtensionHost(old);
    await exthostLogged(this.logDir, /Eager extensions activated/);
    await this.settle();
    if (activationLog(this.logDir).activating) {
      throw new Error('the extension was activated before its view was opened');
    }
  }

  /** After a reload or in a new window: the new extension host and its log. */
  async followExtensionHost(old: number): Promise<void> {
    this.exthost = await extensionHost(this.session.server.pid, old);
    this.logDir = await exthostLogDir(this.userDataDir, this.exthost);
  }

  /** The row of the bench instance that runs (Browse Files is offered on running instances). */
  runningRow(): Locator {
    return instancesRow(this.wb, benchInstanceName(0));
  }

  async close(): Promise<void> {
    await this.session.stop();
  }
}
