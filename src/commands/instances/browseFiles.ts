import * as vscode from 'vscode';
import { InstanceNode } from '../../views/instances/instanceNode';
import { Command, CommandContext } from '../context';
import { UserError } from '../wrapper';
import { filesInstance, rootUri } from './_files';

/**
 * Shows an instance's files at once: its Files node in the Instances view, expanded to list `/`.
 * The workspace is left as it is (adding a folder to a window without a workspace file reloads the
 * window: that is Add to Workspace's choice to make); an instance already in the workspace is shown
 * in the Explorer.
 */
export const browseFilesCommand: Command = {
  id: 'lxd.instance.browseFiles',
  async run(ctx: CommandContext, ...args: unknown[]) {
    const ref = await filesInstance(ctx, args, vscode.l10n.t('Browse Files'));
    const uri = rootUri(ref);
    if (vscode.workspace.workspaceFolders?.some((f) => f.uri.toString() === uri.toString())) {
      await vscode.commands.executeCommand('revealInExplorer', uri);
      return;
    }
    const view = ctx.views.instances;
    const node = ref.node instanceof InstanceNode ? ref.node : (await view.listed(ref.connection)).find(ref.project, ref.name);
    const files = node?.files;
    if (!files) {
      throw new UserError(vscode.l10n.t('{0} is not listed in the Instances view (project {1}).', ref.name, ref.project));
    }
    await view.reveal(files, { expand: true });
  },
};
