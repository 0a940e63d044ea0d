import * as vscode from 'vscode';
import { Command, CommandContext } from '../context';
import { runWizard } from '../instances/_wizard';
import { imageName, resolveImage } from './_target';

/**
 * The create wizard with this image chosen. The wizard creates in the connection's current project
 * (`default` under "All projects"), and an image can only be used from its own project.
 */
export const launchFromImage: Command = {
  id: 'lxd.image.launch',
  async run(ctx: CommandContext, ...args: unknown[]) {
    const { connection, project, value: image } = await resolveImage(ctx, args, 'Launch Instance from Image');
    if (project !== connection.defaultProject) {
      const choice = await vscode.window.showInformationMessage(
        `"${imageName(image)}" belongs to project ${project}. Switch ${connection.name} to project ${project} to launch an instance from it?`,
        { modal: true },
        'Switch and Launch',
      );
      if (choice !== 'Switch and Launch') {
        return;
      }
      connection.setProject(project);
    }
    await runWizard(ctx, connection, { image: { from: 'local', image } });
  },
};
