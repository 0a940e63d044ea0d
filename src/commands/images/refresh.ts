import * as vscode from 'vscode';
import { canRefresh, refreshImage } from '../../client';
import { daemonName } from '../../connections/serverKind';
import { signalOf } from '../../util/signal';
import { Command, CommandContext } from '../context';
import { failed } from '../wrapper';
import { imageName, resolveImage } from './_target';

/**
 * Refresh: asks the server to look for a newer build of an image where it came from (an image it
 * downloaded by alias), and says whether it found one.
 */
export const refreshImageCommand: Command = {
  id: 'lxd.image.refresh',
  async run(ctx: CommandContext, ...args: unknown[]) {
    const { connection, project, name: fingerprint, value: image } = await resolveImage(ctx, args, 'Refresh Image', canRefresh, 'No image was downloaded from an image server by alias, so none can be refreshed.');
    const name = imageName(image);
    const source = `${image.update_source?.server ?? ''}${image.update_source?.alias ? ` (${image.update_source.alias})` : ''}`;
    const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Refreshing ${name} from ${source}`, cancellable: true }, async (progress, token) => {
      try {
        return await refreshImage(connection.api(project), fingerprint, { signal: signalOf(token), onProgress: (p) => progress.report({ message: p.text }) });
      } catch (e) {
        throw failed(`Cannot refresh ${name}`, e);
      }
    });
    const daemon = daemonName(connection);
    void vscode.window.showInformationMessage(
      result.refreshed
        ? `${name} was refreshed: ${daemon} downloaded a newer build from ${source}.`
        : `${name} is up to date with ${source}. (${daemon} reads an image server's index at most once an hour: a build published within the last hour may not be seen yet.)`,
    );
  },
};
