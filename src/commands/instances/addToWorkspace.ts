import * as vscode from 'vscode';
import { Command, CommandContext } from '../context';
import { filesInstance, rootUri } from './_files';

/**
 * Adds an instance's `/` to the workspace, so the Explorer lists it (search, drag and drop, Upload
 * and Download). A window without a workspace file (one folder, or none) becomes an untitled
 * multi-root workspace: VS Code reloads it and this extension host ends, so nothing more is done
 * then. Browse Files shows the same files without that reload.
 */
export const addToWorkspaceCommand: Command = {
  id: 'lxd.instance.addToWorkspace',
  async run(ctx: CommandContext, ...args: unknown[]) {
    const ref = await filesInstance(ctx, args, vscode.l10n.t('Add to Workspace'));
    const uri = rootUri(ref);
    const folders = vscode.workspace.workspaceFolders ?? [];
    if (!folders.some((f) => f.uri.toString() === uri.toString())) {
      const several = ctx.connections.all.length > 1;
      const label = [ref.name, ref.project !== 'default' ? ref.project : '', several ? ref.connection.name : '']
        .filter(Boolean)
        .join(' · ');
      const reloads = vscode.workspace.workspaceFile === undefined;
      const added = new Promise<void>((resolve) => {
        const sub = vscode.workspace.onDidChangeWorkspaceFolders(() => {
          sub.dispose();
          resolve();
        });
      });
      if (!vscode.workspace.updateWorkspaceFolders(folders.length, 0, { uri, name: `${label} (instance)` })) {
        throw new Error(`VS Code refused to add ${uri.toString(true)} to the workspace`);
      }
      if (reloads) {
        return;
      }
      await added;
    }
    await vscode.commands.executeCommand('revealInExplorer', uri);
  },
};
