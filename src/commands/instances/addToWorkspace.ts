import * as crypto from 'node:crypto';
import * as vscode from 'vscode';
import { log } from '../../logger';
import { Command, CommandContext } from '../context';
import { filesInstance, rootUri } from './_files';

/**
 * Adds an instance's `/` to the workspace, so the Explorer lists it (search, drag and drop, Upload
 * and Download). A workspace with a file (saved or untitled) takes the folder as it is. A window
 * without one (a single folder, or none) must become a workspace, which reloads it: VS Code's own
 * way (`updateWorkspaceFolders`) makes an untitled workspace that code-server's reloaded page now and
 * then reads before it is written, and comes back without any folder. So the workspace file is
 * written here first, complete, and the window opens it.
 */
export const addToWorkspaceCommand: Command = {
  id: 'lxd.instance.addToWorkspace',
  async run(ctx: CommandContext, ...args: unknown[]) {
    const ref = await filesInstance(ctx, args, vscode.l10n.t('Add to Workspace'));
    const uri = rootUri(ref);
    const folders = vscode.workspace.workspaceFolders ?? [];
    if (!folders.some((f) => f.uri.toString() === uri.toString())) {
      const several = ctx.connections.all.length > 1;
      const label = [ref.name, ref.project !== 'default' ? ref.project : '', several ? ref.connection.name : ''].filter(Boolean).join(' · ');
      const folder = { uri, name: `${label} (instance)` };
      if (vscode.workspace.workspaceFile === undefined) {
        await openAsWorkspace(ctx, [...folders, folder]);
        return;
      }
      const added = new Promise<void>((resolve) => {
        const sub = vscode.workspace.onDidChangeWorkspaceFolders(() => {
          sub.dispose();
          resolve();
        });
      });
      if (!vscode.workspace.updateWorkspaceFolders(folders.length, 0, folder)) {
        throw new Error(`VS Code refused to add ${uri.toString(true)} to the workspace`);
      }
      await added;
    }
    await vscode.commands.executeCommand('revealInExplorer', uri);
  },
};

/**
 * Writes a workspace file with these folders into the extension's storage and opens it in this
 * window (which reloads; this extension host ends). The same folders make the same file.
 */
async function openAsWorkspace(ctx: CommandContext, folders: readonly { uri: vscode.Uri; name: string }[]): Promise<void> {
  const entries = folders.map((f) =>
    // A local folder by its path: resolved on the machine of the workspace file, as VS Code writes it.
    f.uri.scheme === 'file' ? { path: f.uri.fsPath, name: f.name } : { uri: f.uri.toString(), name: f.name },
  );
  const text = `${JSON.stringify({ folders: entries, settings: {} }, null, 2)}\n`;
  const id = crypto.createHash('sha256').update(text).digest('hex').slice(0, 12);
  const title = folders
    .map((f) => f.name.replace(/ \(instance\)$/, ''))
    .join(' + ')
    .replace(/[^\p{L}\p{N} ._+-]+/gu, '-')
    .slice(0, 80);
  const file = vscode.Uri.joinPath(ctx.extension.globalStorageUri, 'workspaces', id, `${title}.code-workspace`);
  await vscode.workspace.fs.writeFile(file, Buffer.from(text));
  log().info(`Opening the workspace ${file.fsPath} (${folders.length} folders)`);
  await vscode.commands.executeCommand('vscode.openFolder', file, { forceNewWindow: false });
}
