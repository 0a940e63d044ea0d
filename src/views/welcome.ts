import * as vscode from 'vscode';
import { ConnectionManager } from '../connections/manager';
import { ResourceView } from './provider';

/**
 * When nothing is reachable, the Instances view's message says what was tried (the welcome content
 * below it offers the fixes); the same lines go to the log.
 */
export function watchTriedSockets(manager: ConnectionManager, instances: ResourceView): vscode.Disposable {
  let last = '';
  return manager.onDidChange(() => {
    const anyConnected = manager.all.some((c) => c.status === 'connected');
    const failing = manager.all.filter((c) => c.status === 'error');
    let message: string | undefined;
    if (!anyConnected && (manager.all.length === 0 || failing.length === manager.all.length)) {
      const lines = [...manager.describeTried(), ...failing.map((c) => `${c.name}: ${c.error?.message ?? 'unreachable'}`)];
      if (manager.localProblem === 'permission') {
        const s = manager.tried.find((t) => t.exists && !t.accessible);
        lines.unshift(`Your user is not in the "${s?.group ?? 'lxd'}" group that owns ${s?.path}.`);
      }
      message = `Tried: ${lines.join(' • ')}`;
    }
    if (message !== last) {
      last = message ?? '';
      instances.treeView.message = message;
    }
  });
}
