import * as fs from 'fs';
import * as path from 'path';
import { Browser, BrowserContext, chromium, ConsoleMessage, Page } from 'playwright-core';
import { CodeServer, installExtension, Keybinding, quietSettings, SESSION_MARKER } from './codeServer';
import { isLoopbackUrl, NetworkWatch } from './network';
import { alive, findInTree, killMarked, residentBytes } from './processes';
import { readTestbedEnv, repoRoot, TestbedEnv, vsixPath } from './testbed';
import { slug } from './text';
import { Workbench } from './workbench';

/**
 * Debian's Chromium, headless, kept off the network: no background services, and every host
 * name but 127.0.0.1 resolves to nothing, so not even a DNS query leaves.
 */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-domain-reliability',
  '--disable-client-side-phishing-detection',
  '--no-first-run',
  '--no-default-browser-check',
  '--no-pings',
  '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
  '--lang=en-US',
];

const runDir = path.join(repoRoot, '.testbed', 'e2e', String(process.pid));
const artifactsRoot = path.join(repoRoot, 'test-artifacts', 'e2e');
/** Homes of the sessions still running, to kill their processes if the run dies early. */
const liveSessions = new Set<string>();
process.on('exit', () => liveSessions.forEach((home) => killMarked(SESSION_MARKER, home)));

let installed: Promise<string> | undefined;

/**
 * Installs the packaged extension once per test run into an extensions directory that every
 * session of the run shares (sessions get their own user data). Resolves to that directory.
 */
function installOnce(env: TestbedEnv): Promise<string> {
  installed ??= (async () => {
    removeStaleRuns();
    const extensionsDir = path.join(runDir, 'extensions');
    const home = path.join(runDir, 'install');
    fs.mkdirSync(home, { recursive: true });
    await installExtension({
      binary: env.codeServer,
      vsix: vsixPath(),
      extensionsDir,
      userDataDir: path.join(home, 'user-data'),
      home,
    });
    return extensionsDir;
  })();
  return installed;
}

/** Run directories of earlier test processes that are gone. */
function removeStaleRuns(): void {
  const parent = path.dirname(runDir);
  for (const entry of fs.existsSync(parent) ? fs.readdirSync(parent) : []) {
    const pid = Number(entry);
    if (!alive(pid) || pid === process.pid) {
      fs.rmSync(path.join(parent, entry), { recursive: true, force: true });
    }
  }
}

export interface SessionOptions {
  /** Names the artifacts folder and the session's directories. */
  name: string;
  /** Files to create in the workspace folder, by relative path. */
  files?: Record<string, string>;
  /** Settings on top of the harness's quiet ones. */
  settings?: Record<string, unknown>;
  /** The user's keybindings.json. */
  keybindings?: Keybinding[];
  /** Environment of code-server (and so of its extension host) on top of the test bed's variables. */
  env?: Record<string, string>;
  /** The browser window's size; 1400×900 unless told. */
  viewport?: { width: number; height: number };
}

/** One code-server with fresh user data, and one Chromium page on its workbench. */
export class WorkbenchSession {
  readonly console: string[] = [];
  readonly blockedRequests: string[] = [];
  private window?: { context: BrowserContext; page: Page; workbench: Workbench };

  private constructor(
    readonly env: TestbedEnv,
    readonly server: CodeServer,
    readonly browser: Browser,
    readonly workspace: string,
    private readonly artifacts: string,
    private readonly watch: NetworkWatch,
    private readonly viewport = { width: 1400, height: 900 },
  ) {}

  get context(): BrowserContext {
    return this.current().context;
  }

  get page(): Page {
    return this.current().page;
  }

  get workbench(): Workbench {
    return this.current().workbench;
  }

  private current(): { context: BrowserContext; page: Page; workbench: Workbench } {
    if (!this.window) {
      throw new Error('The session has no browser window open');
    }
    return this.window;
  }

  static async start(options: SessionOptions): Promise<WorkbenchSession> {
    const env = readTestbedEnv();
    const name = slug(options.name);
    const artifacts = path.join(artifactsRoot, name);
    fs.rmSync(artifacts, { recursive: true, force: true });
    const watch = new NetworkWatch();
    watch.start();
    const extensionsDir = await installOnce(env);
    const home = path.join(runDir, name);
    fs.rmSync(home, { recursive: true, force: true });
    const workspace = path.join(home, 'workspace');
    for (const [file, content] of Object.entries(options.files ?? {})) {
      fs.mkdirSync(path.dirname(path.join(workspace, file)), { recursive: true });
      fs.writeFileSync(path.join(workspace, file), content);
    }
    const server = await CodeServer.start({
      binary: env.codeServer,
      home,
      userDataDir: path.join(home, 'user-data'),
      extensionsDir,
      workspace,
      settings: { ...quietSettings(), ...options.settings },
      keybindings: options.keybindings,
      env: { ...env.vars, ...options.env },
    });
    liveSessions.add(home);
    let browser: Browser | undefined;
    try {
      browser = await chromium.launch({
        executablePath: env.chromium,
        args: CHROMIUM_ARGS,
        // Chromium's crash-report database goes under the session too, not ~/.config.
        env: { ...process.env, XDG_CONFIG_HOME: path.join(home, 'chromium-config') },
      });
      const session = new WorkbenchSession(env, server, browser, workspace, artifacts, watch, options.viewport);
      await session.openWindow();
      return session;
    } catch (err) {
      await WorkbenchSession.recordStartupFailure(artifacts, server, browser);
      await browser?.close().catch(() => undefined);
      await server.stop();
      liveSessions.delete(home);
      await watch.stop();
      throw err;
    }
  }

  /**
   * A browser window on the workbench in a browser context of its own: no storage from an earlier
   * window, so VS Code starts with its default layout, and an extension host of its own.
   */
  private async openWindow(): Promise<void> {
    const context = await this.browser.newContext({ viewport: this.viewport });
    // Where focus went and which keys were pressed, in the browser console: what a failure's
    // browser-console.log needs to tell "the menu never ran the action" from "focus moved away".
    await context.addInitScript(UI_TRACE);
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    this.window = { context, page, workbench: new Workbench(page, this.artifacts) };
    await this.guardNetwork(context);
    page.on('console', (message: ConsoleMessage) => this.console.push(`[${message.type()}] ${message.text()}`));
    page.on('pageerror', (error) => this.console.push(`[pageerror] ${error.stack ?? error.message}`));
    // Ready is when the workbench shows (waitUntilReady), not the page's load event: on a busy
    // machine the workbench's scripts take longer than a page is given for one action to load.
    await page.goto(this.server.url, { waitUntil: 'commit', timeout: 60_000 });
    await this.window.workbench.waitUntilReady();
  }

  /**
   * Reloads the window as "Developer: Reload Window" does: the same browser storage (where the web
   * workbench keeps an extension's workspace and global state), a new extension host.
   */
  async reloadWindow(): Promise<void> {
    const { page, workbench } = this.current();
    await page.evaluate(() => ((globalThis as unknown as { lxdxBeforeReload?: boolean }).lxdxBeforeReload = true));
    await workbench.runCommand('Developer: Reload Window');
    await page.waitForFunction(() => !(globalThis as unknown as { lxdxBeforeReload?: boolean }).lxdxBeforeReload, undefined, {
      timeout: 60_000,
    });
    await workbench.waitUntilReady();
  }

  /**
   * Leaves the current window as a user closes a tab (VS Code shuts it down and its extension
   * host ends) and opens the workbench again in a new one, on the same code-server.
   */
  async newWindow(): Promise<void> {
    const { context, page } = this.current();
    await page.goto('about:blank');
    await context.close();
    this.window = undefined;
    await this.openWindow();
  }

  private static async recordStartupFailure(artifacts: string, server: CodeServer, browser?: Browser): Promise<void> {
    const dir = path.join(artifacts, 'failure-startup');
    fs.mkdirSync(dir, { recursive: true });
    const page = browser?.contexts()[0]?.pages()[0];
    await page?.screenshot({ path: path.join(dir, 'screen.png') }).catch(() => undefined);
    server.collectLogs(dir);
  }

  /** Requests from the page to anywhere but loopback are refused and remembered. */
  private async guardNetwork(context: BrowserContext): Promise<void> {
    await context.route(
      (url) => !isLoopbackUrl(url.href),
      async (route) => {
        this.blockedRequests.push(route.request().url());
        await route.abort('addressunreachable');
      },
    );
  }

  /**
   * Resident memory of VS Code's extension host (where the extension runs) and the page's
   * JavaScript heap (where the terminal renders), in bytes.
   */
  async memory(): Promise<{ extensionHost: number; page: number }> {
    const host = findInTree(this.server.pid, '--type=extensionHost');
    if (host === undefined) {
      throw new Error('no extension host process under code-server');
    }
    const page = await this.page.evaluate(() => (performance as unknown as { memory: { usedJSHeapSize: number } }).memory.usedJSHeapSize);
    return { extensionHost: residentBytes(host), page };
  }

  /**
   * The lines of the extension's own log (its LXD output channel) so far, from the newest
   * extension host of this code-server; [] before it wrote any.
   */
  extensionLog(): string[] {
    const logs = path.join(this.server.options.userDataDir, 'logs');
    const files = (fs.existsSync(logs) ? fs.readdirSync(logs) : [])
      .flatMap((run) => {
        const runDir = path.join(logs, run);
        return fs.readdirSync(runDir).map((host) => path.join(runDir, host, 'lxd-explorer.lxd-explorer', 'LXD.log'));
      })
      .filter((f) => fs.existsSync(f))
      .sort((a, b) => fs.statSync(a).mtimeMs - fs.statSync(b).mtimeMs);
    const newest = files.at(-1);
    return newest ? fs.readFileSync(newest, 'utf8').split('\n').filter(Boolean) : [];
  }

  /** Screenshot, page console, terminal text and VS Code's logs, for a failed test. */
  async recordFailure(testTitle: string): Promise<void> {
    const dir = path.join(this.workbench.artifactsDir, 'failure-' + slug(testTitle));
    fs.mkdirSync(dir, { recursive: true });
    await this.workbench.screenshot('failure').catch(() => undefined);
    fs.writeFileSync(path.join(dir, 'browser-console.log'), this.console.join('\n') + '\n');
    const terminal = await this.workbench.terminalText().catch(() => '');
    if (terminal) {
      fs.writeFileSync(path.join(dir, 'terminal.txt'), terminal + '\n');
    }
    this.server.collectLogs(dir);
  }

  /**
   * Closes the browser and kills code-server with everything it started. Then fails if
   * anything of ours reached beyond loopback during the session.
   */
  async stop(): Promise<void> {
    try {
      await Promise.race([this.browser.close(), new Promise((resolve) => setTimeout(resolve, 10_000))]);
    } finally {
      await this.server.stop();
      liveSessions.delete(this.server.options.home);
    }
    const sockets = await this.watch.stop();
    const offences = [
      ...this.blockedRequests.map((url) => `browser request to ${url}`),
      ...sockets.map((v) => `socket ${v.socket} (${v.process})`),
    ];
    if (offences.length > 0) {
      fs.mkdirSync(this.artifacts, { recursive: true });
      fs.writeFileSync(path.join(this.artifacts, 'network.txt'), offences.join('\n') + '\n');
      throw new Error(`Traffic beyond loopback during the session:\n  ${offences.join('\n  ')}`);
    }
  }
}

/** Runs in the page: logs focus changes and key presses as `[ui]` console lines. */
const UI_TRACE = `(() => {
  const describe = (el) => {
    if (!el || !el.tagName) { return String(el); }
    const label = el.getAttribute('aria-label') || '';
    return el.tagName.toLowerCase() + '.' + String(el.className).trim().split(/\\s+/).slice(0, 3).join('.') + (label ? ' "' + label.slice(0, 60) + '"' : '');
  };
  const t = () => (performance.now() / 1000).toFixed(3);
  document.addEventListener('focusin', (e) => console.debug('[ui] ' + t() + ' focus ' + describe(e.target)), true);
  document.addEventListener('keydown', (e) => console.debug('[ui] ' + t() + ' key ' + e.key + ' on ' + describe(document.activeElement)), true);
  document.addEventListener('contextmenu', (e) => console.debug('[ui] ' + t() + ' contextmenu on ' + describe(e.target)), true);
})();`;

/**
 * Gives the enclosing `describe` one session: started before its first test, recorded when a
 * test fails, stopped after its last test (also when tests failed).
 */
export function useWorkbench(options: SessionOptions): { readonly workbench: Workbench; readonly session: WorkbenchSession } {
  let session: WorkbenchSession | undefined;
  const current = (): WorkbenchSession => {
    if (!session) {
      throw new Error('The workbench session did not start (see the "before all" hook)');
    }
    return session;
  };

  before(async function () {
    this.timeout(240_000);
    session = await WorkbenchSession.start(options);
  });

  beforeEach(function () {
    if (session) {
      session.workbench.testName = this.currentTest?.title ?? '';
    }
  });

  afterEach(async function () {
    this.timeout(60_000);
    if (session && this.currentTest?.state === 'failed') {
      await session.recordFailure(this.currentTest.title);
    }
  });

  after(async function () {
    this.timeout(60_000);
    const ending = session;
    session = undefined;
    await ending?.stop();
  });

  return {
    get workbench() {
      return current().workbench;
    },
    get session() {
      return current();
    },
  };
}
