import { execFile, spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { killMarked, killTree } from './processes';
import { repoRoot } from './testbed';
import { WaitAborted, waitFor } from './wait';

/**
 * Flags that keep code-server to itself: no telemetry, no update check against GitHub, no
 * trust prompt, no Coder "getting started" page.
 */
const QUIET_FLAGS = ['--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override'];

/** Every process code-server starts inherits it: see killMarked. */
export const SESSION_MARKER = 'LXDX_E2E_HOME';

/** A closed loopback port: any HTTP(S) the server side still tries fails at once. */
const DEAD_PROXY = 'http://127.0.0.1:9';

/**
 * The environment code-server runs in. EXTENSIONS_GALLERY='{}' leaves VS Code without a
 * marketplace (code-server otherwise uses open-vsx.org); the XDG directories keep its config
 * and state out of $HOME.
 */
export function quietEnv(home: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(npm_|VSCODE_|ELECTRON_|NODE_OPTIONS$|MOCHA_)/.test(key)) {
      env[key] = value;
    }
  }
  return {
    ...env,
    ...extra,
    EXTENSIONS_GALLERY: '{}',
    HTTPS_PROXY: DEAD_PROXY,
    HTTP_PROXY: DEAD_PROXY,
    https_proxy: DEAD_PROXY,
    http_proxy: DEAD_PROXY,
    NO_PROXY: '127.0.0.1,localhost,::1',
    no_proxy: '127.0.0.1,localhost,::1',
    XDG_CONFIG_HOME: path.join(home, 'config'),
    XDG_DATA_HOME: path.join(home, 'data'),
    XDG_CACHE_HOME: path.join(home, 'cache'),
    SHELL: '/bin/bash',
    [SESSION_MARKER]: home,
  };
}

/** User settings that keep VS Code quiet and its terminal readable from the DOM. */
export function quietSettings(): Record<string, unknown> {
  const file = path.join(repoRoot, 'test/e2e/fixtures/settings.json');
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
}

interface CliOptions {
  binary: string;
  userDataDir: string;
  extensionsDir: string;
  home: string;
}

function runCli(options: CliOptions, args: string[]): Promise<string> {
  const argv = [
    '--user-data-dir',
    options.userDataDir,
    '--extensions-dir',
    options.extensionsDir,
    '--config',
    path.join(options.home, 'config.yaml'),
    ...args,
  ];
  return new Promise((resolve, reject) =>
    execFile(options.binary, argv, { env: quietEnv(options.home), timeout: 120_000 }, (err, stdout, stderr) =>
      err ? reject(new Error(`code-server ${args.join(' ')} failed: ${err.message}\n${stdout}${stderr}`)) : resolve(stdout),
    ),
  );
}

export async function installExtension(options: CliOptions & { vsix: string }): Promise<void> {
  if (!fs.existsSync(options.vsix)) {
    throw new Error(`${options.vsix} does not exist: run \`npm run package\` (or set LXDX_VSIX)`);
  }
  await runCli(options, ['--install-extension', options.vsix, '--force']);
}

/** Installed extensions as publisher.name@version. */
export async function listExtensions(options: CliOptions): Promise<string[]> {
  const out = await runCli(options, ['--list-extensions', '--show-versions']);
  return out.split('\n').filter((line) => /^[\w-]+\.[\w-]+@/.test(line));
}

/** One entry of a user's keybindings.json. */
export interface Keybinding {
  key: string;
  command: string;
  when?: string;
}

export interface CodeServerOptions extends CliOptions {
  workspace: string;
  settings: Record<string, unknown>;
  keybindings?: Keybinding[];
  env?: Record<string, string>;
}

/** One code-server on 127.0.0.1 and a port the kernel picks, with its own user data. */
export class CodeServer {
  private constructor(
    readonly url: string,
    readonly pid: number,
    readonly logFile: string,
    readonly options: CodeServerOptions,
  ) {}

  static async start(options: CodeServerOptions): Promise<CodeServer> {
    const userDir = path.join(options.userDataDir, 'User');
    fs.mkdirSync(userDir, { recursive: true });
    fs.mkdirSync(options.workspace, { recursive: true });
    fs.writeFileSync(path.join(userDir, 'settings.json'), JSON.stringify(options.settings, null, 2));
    // code-server's window is a remote one: machine-scoped settings (lxd.connections,
    // lxd.terminal.*) count only in the remote ("Machine") settings, where a user of code-server
    // puts them too. The extension's own settings go there as well.
    const machineDir = path.join(options.userDataDir, 'Machine');
    fs.mkdirSync(machineDir, { recursive: true });
    const ours = Object.fromEntries(Object.entries(options.settings).filter(([key]) => key.startsWith('lxd.')));
    fs.writeFileSync(path.join(machineDir, 'settings.json'), JSON.stringify(ours, null, 2));
    if (options.keybindings) {
      fs.writeFileSync(path.join(userDir, 'keybindings.json'), JSON.stringify(options.keybindings, null, 2));
    }
    const logFile = path.join(options.home, 'code-server.log');
    const log = fs.openSync(logFile, 'w');
    const child = spawn(
      options.binary,
      [
        '--auth',
        'none',
        '--bind-addr',
        '127.0.0.1:0',
        '--config',
        path.join(options.home, 'config.yaml'),
        '--user-data-dir',
        options.userDataDir,
        '--extensions-dir',
        options.extensionsDir,
        ...QUIET_FLAGS,
        ...(process.env.LXDX_TRACE ? ['--log', 'trace'] : []),
        options.workspace,
      ],
      // Its own process group, so killing it never reaches the test runner.
      { env: quietEnv(options.home, options.env), stdio: ['ignore', log, log], detached: true },
    );
    fs.closeSync(log);
    let exited: string | undefined;
    child.on('exit', (code, sig) => (exited = `code-server exited (${code ?? sig})`));
    const pid = child.pid ?? -1;
    try {
      const url = await waitFor(
        () => {
          if (exited) {
            throw new WaitAborted(`${exited}:\n${fs.readFileSync(logFile, 'utf8')}`);
          }
          return /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(fs.readFileSync(logFile, 'utf8'))?.[1];
        },
        { timeout: 60_000, message: 'code-server did not report its address' },
      );
      await waitFor(async () => (await fetch(new URL('healthz', url))).ok, {
        timeout: 30_000,
        message: `code-server at ${url} is not healthy`,
      });
      return new CodeServer(url, pid, logFile, options);
    } catch (err) {
      await killTree(pid);
      killMarked(SESSION_MARKER, options.home);
      throw err;
    }
  }

  /** Changes the remote ("Machine") settings, where the extension's own live: VS Code reads the file again. */
  setMachineSettings(update: Record<string, unknown>): void {
    const file = path.join(this.options.userDataDir, 'Machine', 'settings.json');
    const current = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    fs.writeFileSync(file, JSON.stringify({ ...current, ...update }, null, 2));
  }

  async stop(): Promise<void> {
    await killTree(this.pid);
    killMarked(SESSION_MARKER, this.options.home);
  }

  /** Copies the code-server log and VS Code's logs (server, extension host, pty host). */
  collectLogs(dest: string): void {
    fs.mkdirSync(dest, { recursive: true });
    fs.copyFileSync(this.logFile, path.join(dest, 'code-server.log'));
    const logs = path.join(this.options.userDataDir, 'logs');
    if (fs.existsSync(logs)) {
      fs.cpSync(logs, path.join(dest, 'vscode-logs'), { recursive: true });
    }
  }
}
