import { bundleStarted } from './startClock';
import * as vscode from 'vscode';
import { COMMANDS, RENAMED_IDS } from './commands';
import { CommandContext } from './commands/context';
import { registerCommands } from './commands/registry';
import { registerShellProfile } from './commands/terminalProfile';
import { ConnectionManager } from './connections/manager';
import { projectStatusBar } from './connections/statusBar';
import { registerConfigFs } from './editors/configFs';
import { registerConfigKeys } from './editors/configKeys';
import { registerInfoDocuments } from './editors/infoDocs';
import { Leftovers } from './files/atomic';
import { registerInstanceFileSystem } from './files/provider';
import { ShownFolders } from './views/instances/filesNode';
import { registerLiveDocuments } from './live';
import { eventTime } from './live/eventLines';
import { initLogger, log } from './logger';
import { attachRemotes, createRemotes } from './remotes';
import { onDidChangeSettings } from './settings';
import { RefreshManager } from './views/refresh';
import { Arrangement } from './views/arrangement/store';
import { createViews, showArrangement } from './views/roots';
import { watchTriedSockets } from './views/welcome';

/** When every module of the bundle had run: the end of what VS Code counts as loading the extension's code. */
const bundleEvaluated = performance.now();

/**
 * Wiring only: logger, settings, connections, views, editors, commands. Returns without waiting for
 * any server: each one's views fill in as it answers, and one that never does holds back only itself.
 */
export function activate(context: vscode.ExtensionContext): void {
  const started = performance.now();
  initLogger(context);
  const remotes = createRemotes(context);
  const connections = new ConnectionManager(context.globalState, { providers: remotes.providers, storedIdentity: remotes.storedIdentity });
  const arrangement = new Arrangement(context.workspaceState);
  const views = createViews(connections, { extensionUri: context.extensionUri, arrangement });
  const refresh = new RefreshManager(connections, views);
  const configFs = registerConfigFs(context, connections);
  const infoDocs = registerInfoDocuments(context, connections, configFs);
  registerConfigKeys(context, connections);
  const live = registerLiveDocuments(context, connections);
  const leftovers = new Leftovers();
  const files = registerInstanceFileSystem(connections, leftovers);
  const shownFolders = new ShownFolders(files.fs.onDidChangeFile, (node) => views.instances.refresh(node));
  const ctx: CommandContext = {
    extension: context,
    connections,
    views,
    arrangement,
    refresh,
    remotes,
    infoDocs,
    live,
    leftovers,
    instanceFs: files.fs,
  };
  registerCommands(ctx, COMMANDS, RENAMED_IDS);
  context.subscriptions.push(
    files.registration,
    shownFolders,
    registerShellProfile(ctx),
    connections,
    attachRemotes(remotes, connections),
    refresh,
    ...Object.values(views),
    showArrangement(views, arrangement),
    arrangement,
    projectStatusBar(connections),
    watchTriedSockets(connections, views.instances),
    onDidChangeSettings((_s, e) => {
      if (
        e.affectsConfiguration('lxd.connections') ||
        e.affectsConfiguration('lxd.detectLocal') ||
        e.affectsConfiguration('lxd.readCliRemotes')
      ) {
        void connections.discover();
      } else {
        refresh.reloadAll();
      }
    }),
  );
  log().info(
    // The time is in the text too: VS Code stamps the lines a log channel takes before its file is
    // open with the time the file opened, hundreds of milliseconds later at a window's start.
    `LXD Explorer ready at ${eventTime(new Date().toISOString())}: connecting in the background (bundle evaluated in ${Math.round(bundleEvaluated - bundleStarted)} ms, ` +
      `activate() called ${Math.round(started - bundleEvaluated)} ms later and ran ${Math.round(performance.now() - started)} ms)`,
  );
  void connections
    .discover()
    .then(() => log().info(`Connections: ${connections.all.map((c) => `${c.name} (${c.status})`).join(', ') || 'no server reachable'}`));
}

export function deactivate(): void {}
