import * as vscode from 'vscode';
import { ConnectionManager } from './manager';

/** Shows the current project of each connected server (compactly when there are several) and switches it on click. */
export function projectStatusBar(manager: ConnectionManager): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('lxd.project', vscode.StatusBarAlignment.Left, 10);
  item.name = vscode.l10n.t('LXD Project');
  item.command = 'lxd.project.switch';
  const update = (): void => {
    const connected = manager.all.filter((c) => c.status === 'connected');
    if (!connected.length) {
      item.hide();
      return;
    }
    if (connected.length === 1) {
      const c = connected[0];
      item.text = `$(project) ${c.projectLabel}`;
      item.tooltip = vscode.l10n.t('LXD: project "{0}" on {1} ({2}). Click to switch.', c.projectLabel, c.name, c.serverLabel);
    } else {
      const projects = [...new Set(connected.map((c) => c.projectLabel))];
      // One project everywhere reads as that project; two servers still fit by name; more would crowd
      // the status bar, so it counts them and the tooltip names each.
      const text =
        projects.length === 1
          ? projects[0]
          : connected.length === 2
            ? connected.map((c) => `${c.name}: ${c.projectLabel}`).join(', ')
            : `${projects.length} projects on ${connected.length} servers`;
      item.text = `$(project) ${text}`;
      item.tooltip = new vscode.MarkdownString(
        connected.map((c) => `**${c.name}**: ${c.projectLabel}`).join('  \n') + '\n\nClick to switch a project.',
      );
    }
    item.show();
  };
  const sub = manager.onDidChange(update);
  update();
  return vscode.Disposable.from(item, sub);
}
