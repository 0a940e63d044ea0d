import * as vscode from 'vscode';
import { CliRemotes, cliConfigDirs, cliDefaultRemotes, discoverRemotes, inspectSockets } from '../client';
import type { ConnectionSpec } from '../connections/connection';
import type { SpecProvider } from '../connections/manager';
import { log } from '../logger';
import { settings } from '../settings';
import { CliImageServer, cliRemoteSpecs, storedRemoteSpec } from './specs';
import { RemoteStore } from './store';
import { ConfigWatcher } from './watch';

/**
 * The `lxc` / `incus` CLIs' remotes as connections, behind `lxd.readCliRemotes`, re-read when their
 * configuration files change. Image servers are kept apart for the Image Servers view.
 */
export class CliRemotesProvider implements SpecProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly watcher: ConfigWatcher;
  private found: CliRemotes[] = [];
  private servers: CliImageServer[] = [];
  readonly onDidChange = this.changed.event;

  constructor() {
    const dirs = (): string[] => cliConfigDirs().map((c) => c.dir);
    this.watcher = new ConfigWatcher(dirs, () => {
      log().info('The lxc / incus configuration changed: reading their remotes again');
      this.changed.fire();
    });
  }

  /** What was read last: the directories and their remotes (for rename and remove). */
  get remotes(): CliRemotes[] {
    return this.found;
  }

  get imageServers(): CliImageServer[] {
    return this.servers;
  }

  async specs(): Promise<ConnectionSpec[]> {
    const s = settings();
    this.found = s.readCliRemotes ? await discoverRemotes() : [];
    for (const e of this.found.flatMap((d) => d.errors)) {
      log().warn(`Cannot read the remotes in ${e.message}`);
    }
    // A unix remote is the same server as an auto-detected local socket: show it once.
    const localSockets = s.detectLocal
      ? inspectSockets()
          .filter((c) => c.exists && c.accessible)
          .map((c) => c.path)
      : [];
    const { specs, imageServers } = cliRemoteSpecs(this.found, { localSockets });
    // Before lxc or incus ever ran there is no configuration to read: the image servers they start
    // with (images:, ubuntu:) are offered still, so a server with no image of its own has some.
    this.servers =
      s.readCliRemotes && !this.found.length ? cliRemoteSpecs(await cliDefaultRemotes(), { localSockets }).imageServers : imageServers;
    return specs;
  }

  dispose(): void {
    this.watcher.dispose();
    this.changed.dispose();
  }
}

/**
 * The remotes added with "LXD: Add Remote…" and kept by VS Code. They change only through this
 * extension's commands, which rediscover the connections afterwards, so there is no change event.
 */
export class StoredRemotesProvider implements SpecProvider {
  constructor(readonly store: RemoteStore) {}

  async specs(): Promise<ConnectionSpec[]> {
    return this.store.list().map((r) => storedRemoteSpec(r, this.store));
  }
}
