import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { SocketCandidate, inspectSockets } from '../client';
import { log } from '../logger';
import { ConnectionSetting, settings } from '../settings';
import { Connection, ConnectionSpec } from './connection';
import { StoredIdentity, localSpec, settingSpec } from './specs';

/** More connections, found elsewhere (the CLIs' remotes, remotes added by the user). */
export interface SpecProvider {
  /** Fires when the declarations changed outside the extension's own commands (a file edited). */
  readonly onDidChange?: vscode.Event<void>;
  specs(): Promise<ConnectionSpec[]>;
}

/**
 * How long what needs a server still connecting after start-up waits for it (a restored editor or
 * workspace folder, a command run at once); each connect has its own deadlines too.
 */
export const CONNECT_WAIT_MS = 15_000;

/** Why nothing local is reachable, for the welcome view. */
export type LocalProblem = 'none' | 'permission' | 'notRunning' | 'notInstalled';

/**
 * Finds the servers to show (local sockets, `lxd.connections`, and the extra providers), keeps one
 * Connection per server, and tells the views when the set or any connection's state changes.
 */
export class ConnectionManager implements vscode.Disposable {
  private readonly byId = new Map<string, Connection>();
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [];
  private triedSockets: SocketCandidate[] = [];
  private problem: LocalProblem = 'none';
  private discovering?: Promise<void>;
  /** The declarations were read once: a connection not known now is not declared. */
  private discovered = false;
  private stateValue?: 'connected' | 'connecting' | 'noConnection';

  /** The list of connections, or the state of one of them, changed. */
  readonly onDidChange = this.changed.event;

  private readonly providers: SpecProvider[];
  private readonly storedIdentity: StoredIdentity;

  constructor(
    private readonly memento: vscode.Memento,
    options: {
      /** More connections, found elsewhere. */
      providers?: SpecProvider[];
      /** The certificates the `clientKeySecret` of a `lxd.connections` entry names. */
      storedIdentity?: StoredIdentity;
    } = {},
  ) {
    this.providers = options.providers ?? [];
    this.storedIdentity = options.storedIdentity ?? (async () => undefined);
    for (const p of this.providers) {
      if (p.onDidChange) {
        this.disposables.push(p.onDidChange(() => void this.discover()));
      }
    }
  }

  get all(): Connection[] {
    return [...this.byId.values()];
  }

  get(id: string): Connection | undefined {
    return this.byId.get(id);
  }

  /** Every socket path looked at, and what was found there. */
  get tried(): SocketCandidate[] {
    return this.triedSockets;
  }

  get localProblem(): LocalProblem {
    return this.problem;
  }

  /**
   * (Re)reads where servers are declared and connects to new ones; keeps existing connections. Each
   * connection reports its own progress (`onDidChange`) as it goes, so a caller that does not need
   * every server (activation) need not await this: one server that never answers holds back nothing
   * but itself.
   */
  discover(): Promise<void> {
    const run = async (): Promise<void> => {
      const specs = await this.collectSpecs();
      this.discovered = true;
      const wanted = new Set(specs.map((s) => s.id));
      for (const [id, c] of this.byId) {
        if (!wanted.has(id)) {
          c.dispose();
          this.byId.delete(id);
        }
      }
      const fresh: Connection[] = [];
      for (const spec of specs) {
        const existing = this.byId.get(spec.id);
        if (existing && existing.spec.address === spec.address && existing.spec.revision === spec.revision) {
          continue;
        }
        existing?.dispose();
        const c = new Connection(
          spec,
          this.memento.get<string>(projectKey(spec.id)) ?? spec.project ?? 'default',
          (p) => void this.memento.update(projectKey(spec.id), p),
        );
        c.onDidChange(() => {
          this.updateProblem();
          this.changed.fire();
        });
        this.byId.set(spec.id, c);
        fresh.push(c);
      }
      this.updateProblem();
      this.changed.fire();
      await Promise.all(fresh.map((c) => c.connect()));
      this.updateProblem();
      this.changed.fire();
    };
    this.discovering = (this.discovering ?? Promise.resolve()).then(run, run);
    return this.discovering;
  }

  /** Reconnects every connection that is not connected. */
  async retry(): Promise<void> {
    await this.discover();
    await Promise.all(this.all.filter((c) => c.status !== 'connected').map((c) => c.connect()));
    this.updateProblem();
    this.changed.fire();
  }

  private async collectSpecs(): Promise<ConnectionSpec[]> {
    const s = settings();
    const specs: ConnectionSpec[] = [];
    // With detection off nothing local is tried, and nothing local is reported as a problem.
    this.triedSockets = s.detectLocal ? inspectSockets() : [];
    if (s.detectLocal) {
      for (const kind of ['lxd', 'incus'] as const) {
        const usable = this.triedSockets.find((c) => c.kind === kind && c.exists && c.accessible);
        if (usable) {
          specs.push(localSpec(usable));
        }
      }
    }
    for (const entry of s.connections) {
      const spec = this.trySetting(entry);
      if (spec) {
        specs.push(spec);
      }
    }
    for (const p of this.providers) {
      try {
        specs.push(...(await p.specs()));
      } catch (e) {
        log().warn(`Cannot read connections: ${(e as Error).message}`);
      }
    }
    const seen = new Set<string>();
    return specs.filter((sp) => (seen.has(sp.id) ? false : (seen.add(sp.id), true)));
  }

  private trySetting(entry: ConnectionSetting): ConnectionSpec | undefined {
    try {
      return settingSpec(entry, this.storedIdentity);
    } catch (e) {
      log().warn(`Ignoring lxd.connections entry "${entry?.name ?? '?'}": ${(e as Error).message}`);
      void vscode.window.showWarningMessage(
        vscode.l10n.t('LXD: the connection "{0}" in lxd.connections is not usable: {1}', entry?.name ?? '?', (e as Error).message),
      );
      return undefined;
    }
  }

  /**
   * Resolves once the declarations were read and none of the connections is still connecting (each
   * connect has its own deadlines), when one is `enough`, or after `timeoutMs`: for a command run
   * before the server it needs has answered (the command that activated the extension, too).
   */
  async settled(timeoutMs: number, enough: (c: Connection) => boolean = () => false): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while ((!this.discovered || this.all.some((c) => c.status === 'connecting')) && !this.all.some(enough) && Date.now() < deadline) {
      await this.nextChange(deadline);
    }
  }

  /**
   * The connection `id` once it is connected, for a provider asked for a document right after
   * start-up: waits (until `timeoutMs`) while it connects or, before the first discovery has read
   * the declarations, while it is not known yet. Otherwise the connection as it is, or undefined.
   */
  async whenConnected(id: string, timeoutMs: number): Promise<Connection | undefined> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const c = this.byId.get(id);
      if (c?.status === 'connected' || (c ? c.status !== 'connecting' : this.discovered) || Date.now() >= deadline) {
        return c;
      }
      await this.nextChange(deadline);
    }
  }

  /** The next change of any connection, or the deadline. */
  private nextChange(deadline: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = (): void => {
        sub.dispose();
        clearTimeout(timer);
        resolve();
      };
      const sub = this.changed.event(done);
      const timer = setTimeout(done, Math.max(0, deadline - Date.now()));
    });
  }

  private updateProblem(): void {
    const connected = this.all.some((c) => c.status === 'connected');
    // While a server is still being connected nothing says "no connection": the welcome view waits.
    const state = connected ? 'connected' : this.all.some((c) => c.status === 'connecting') ? 'connecting' : 'noConnection';
    if (connected || !settings().detectLocal) {
      this.problem = 'none';
    } else if (this.triedSockets.some((c) => c.exists && !c.accessible)) {
      this.problem = 'permission';
    } else if (this.triedSockets.some((c) => c.exists) || daemonInstalled()) {
      this.problem = 'notRunning';
    } else {
      this.problem = 'notInstalled';
    }
    if (state !== this.stateValue) {
      this.stateValue = state;
      void vscode.commands.executeCommand('setContext', 'lxd.state', state);
    }
    void vscode.commands.executeCommand('setContext', 'lxd.localProblem', this.problem);
    void vscode.commands.executeCommand(
      'setContext',
      'lxd.clustered',
      this.all.some((c) => c.server?.clustered),
    );
  }

  /** What was tried, in words, for the welcome view and the log. */
  describeTried(): string[] {
    return this.triedSockets.map((c) => {
      const what = !c.exists ? 'not found' : !c.accessible ? `no permission${c.group ? ` (group "${c.group}")` : ''}` : 'found';
      return `${c.path} (${c.source}): ${what}`;
    });
  }

  dispose(): void {
    this.all.forEach((c) => c.dispose());
    this.byId.clear();
    this.disposables.forEach((d) => d.dispose());
    this.changed.dispose();
  }
}

function projectKey(id: string): string {
  return `lxd.project.${id}`;
}

function daemonInstalled(): boolean {
  return ['/usr/bin/lxd', '/usr/sbin/lxd', '/snap/bin/lxd', '/usr/libexec/incus/incusd', '/usr/bin/incusd', '/usr/lib/incus/incusd'].some(
    (p) => fs.existsSync(p),
  );
}
