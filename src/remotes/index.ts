import * as vscode from 'vscode';
import { TransportError } from '../client';
import { Connection } from '../connections/connection';
import { ConnectionManager, SpecProvider } from '../connections/manager';
import { StoredIdentity } from '../connections/specs';
import { ImageServers } from '../imageServers/registry';
import { log } from '../logger';
import { ImageServersView } from './imageServersView';
import { CliRemotesProvider, StoredRemotesProvider } from './providers';
import { RemoteStore } from './store';

/** What the remote commands work with. */
export interface Remotes {
  readonly store: RemoteStore;
  readonly cli: CliRemotesProvider;
  readonly stored: StoredRemotesProvider;
  readonly providers: SpecProvider[];
  /** The certificate `clientKeySecret: "lxd-explorer"` names: the one "Add Remote…" made. */
  readonly storedIdentity: StoredIdentity;
  /** The image servers (`lxd.imageServers`, the CLIs' `images:`…) and the one catalogue of their images. */
  readonly images: ImageServers;
}

/** The remotes' providers and store; `attachRemotes` wires them to the connections afterwards. */
export function createRemotes(context: vscode.ExtensionContext): Remotes {
  const store = new RemoteStore(context.globalState, context.secrets);
  const cli = new CliRemotesProvider();
  const stored = new StoredRemotesProvider(store);
  const images = new ImageServers(() => cli.imageServers);
  context.subscriptions.push(cli, images);
  return {
    store,
    cli,
    stored,
    providers: [stored, cli],
    storedIdentity: async (name) => (name === 'lxd-explorer' ? store.identity() : undefined),
    images,
  };
}

/** The Image Servers view, and a warning (once per change) when a remote's certificate changed. */
export function attachRemotes(r: Remotes, manager: ConnectionManager): vscode.Disposable {
  const view = new ImageServersView(r.images, manager);
  const warned = new Set<string>();
  let declared = '';
  const imageServersChanged = (): void => {
    view.refresh();
    void vscode.commands.executeCommand('setContext', 'lxd.hasImageServers', r.images.declared().length > 0);
  };
  const sub = manager.onDidChange(() => {
    // The CLIs' remotes are read again with every discovery.
    const now = JSON.stringify(r.images.declared());
    if (now !== declared) {
      declared = now;
      imageServersChanged();
    }
    for (const c of manager.all) {
      const key = `${c.id}/${c.spec.revision ?? ''}`;
      if (certificateChanged(c) && !warned.has(key)) {
        warned.add(key);
        void warn(c);
      }
    }
  });
  imageServersChanged();
  return vscode.Disposable.from(view, sub, r.images.onDidChange(imageServersChanged));
}

function certificateChanged(c: Connection): boolean {
  return c.error instanceof TransportError && c.error.code === 'CERT_PIN_MISMATCH';
}

async function warn(c: Connection): Promise<void> {
  const message = c.error?.message ?? '';
  log().warn(message);
  const actions = c.spec.source === 'setting' ? ['Open Settings'] : ['Re-trust…'];
  const choice = await vscode.window.showWarningMessage(message, ...actions, vscode.l10n.t('Show Log'));
  if (choice === 'Re-trust…') {
    await vscode.commands.executeCommand('lxd.remote.retrust', c.id);
  } else if (choice === 'Open Settings') {
    await vscode.commands.executeCommand('workbench.action.openSettingsJson');
  } else if (choice === vscode.l10n.t('Show Log')) {
    log().show(true);
  }
}
