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
    const { connection, project, value: image } = await resolveImage(ctx, args, vscode.l10n.t('Launch Instance from Image'));
    if (project !== connection.defaultProject) {
      const choice = await vscode.window.showInformationMessage(
        vscode.l10n.t(
          '"{0}" belongs to project {1}. Switch {2} to project {3} to launch an instance from it?',
          imageName(image),
          project,
          connection.name,
          project,
        ),
        { modal: true },
        vscode.l10n.t('Switch and Launch'),
      );
      if (choice !== vscode.l10n.t('Switch and Launch')) {
        return;
      }
      connection.setProject(project);
    }
    await runWizard(ctx, connection, { image: { from: 'local', image } });
  },
};
