import * as vscode from 'vscode';
import { instanceUri } from '../../files/provider';
import { Command, CommandContext } from '../context';
import { resolveInstance } from '../targets';
import { ensureRunning } from './_running';

/** Adds an instance's filesystem (`/`) to the workspace, so the Explorer lists it. */
export const browseFilesCommand: Command = {
  id: 'lxd.instance.browseFiles',
  async run(ctx: CommandContext, ...args: unknown[]) {
    const ref = await resolveInstance(ctx, args, {
      title: vscode.l10n.t('Browse Files'),
      noneMessage: vscode.l10n.t('There is no instance to browse.'),
    });
    if (ref.value.type === 'virtual-machine') {
      // A VM's files go through its agent, which runs only while the VM does.
      await ensureRunning(ref, 'browse its files');
    }
    const uri = instanceUri({ connectionId: ref.connection.id, project: ref.project, instance: ref.name, path: '/' });
    const folders = vscode.workspace.workspaceFolders ?? [];
    const present = folders.find((f) => f.uri.toString() === uri.toString());
    if (!present) {
      const several = ctx.connections.all.length > 1;
      const name = [ref.name, ref.project !== 'default' ? ref.project : '', several ? ref.connection.name : ''].filter(Boolean).join(' · ');
      // A window without a workspace file becomes an untitled multi-root workspace: VS Code reloads
      // it and this extension host ends. Do nothing more then, so the switch is not disturbed.
      const reloads = vscode.workspace.workspaceFile === undefined;
      const added = new Promise<void>((resolve) => {
        const sub = vscode.workspace.onDidChangeWorkspaceFolders(() => {
          sub.dispose();
          resolve();
        });
      });
      if (!vscode.workspace.updateWorkspaceFolders(folders.length, 0, { uri, name: `${name} (instance)` })) {
        throw new Error(`VS Code refused to add ${uri.toString(true)} to the workspace`);
      }
      if (reloads) {
        return;
      }
      await added;
    }
    await vscode.commands.executeCommand('workbench.view.explorer');
  },
};
