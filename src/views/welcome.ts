import * as vscode from 'vscode';
import { ConnectionManager } from '../connections/manager';
import { namesOf } from '../connections/serverKind';
import { log } from '../logger';
import { ResourceView } from './provider';

/**
 * When nothing is reachable, what was tried goes to the log. The Instances view shows it as its
 * message only above rows (connections that fail): VS Code hides a view's welcome content while the
 * view has a message, and with no connection at all the welcome content and its buttons are what
 * the user needs.
 */
export function watchTriedSockets(manager: ConnectionManager, instances: Pick<ResourceView, 'treeView'>): vscode.Disposable {
  let last = '';
  return manager.onDidChange(() => {
    const anyConnected = manager.all.some((c) => c.status === 'connected');
    const failing = manager.all.filter((c) => c.status === 'error');
    let message: string | undefined;
    if (!anyConnected && (manager.all.length === 0 || failing.length === manager.all.length)) {
      const lines = [...manager.describeTried(), ...failing.map((c) => `${c.name}: ${c.error?.message ?? 'unreachable'}`)];
      if (manager.localProblem === 'permission') {
        const s = manager.tried.find((t) => t.exists && !t.accessible);
        lines.unshift(`Your user is not in the "${s?.group ?? namesOf(s?.kind).socketGroup}" group that owns ${s?.path}.`);
      }
      message = lines.length
        ? `Tried: ${lines.join(' • ')}`
        : 'Nothing to try: local detection is off (lxd.detectLocal) and no connection is configured.';
    }
    const shown = manager.all.length > 0 ? message : undefined;
    if ((message ?? '') !== last) {
      last = message ?? '';
      if (message) {
        log().info(message);
      }
    }
    if (instances.treeView.message !== shown) {
      instances.treeView.message = shown;
    }
  });
}
