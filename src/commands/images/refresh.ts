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
    const {
      connection,
      project,
      name: fingerprint,
      value: image,
    } = await resolveImage(
      ctx,
      args,
      vscode.l10n.t('Refresh Image'),
      canRefresh,
      vscode.l10n.t('No image was downloaded from an image server by alias, so none can be refreshed.'),
    );
    const name = imageName(image);
    const source = `${image.update_source?.server ?? ''}${image.update_source?.alias ? ` (${image.update_source.alias})` : ''}`;
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Refreshing {0} from {1}', name, source), cancellable: true },
      async (progress, token) => {
        try {
          return await refreshImage(connection.api(project), fingerprint, {
            signal: signalOf(token),
            onProgress: (p) => progress.report({ message: p.text }),
          });
        } catch (e) {
          throw failed(vscode.l10n.t('Cannot refresh {0}', name), e);
        }
      },
    );
    const daemon = daemonName(connection);
    void vscode.window.showInformationMessage(
      result.refreshed
        ? vscode.l10n.t('{0} was refreshed: {1} downloaded a newer build from {2}.', name, daemon, source)
        : vscode.l10n.t(
            "{0} is up to date with {1}. ({2} reads an image server's index at most once an hour: a build published within the last hour may not be seen yet.)",
            name,
            source,
            daemon,
          ),
    );
  },
};
