import * as vscode from 'vscode';
import { download } from '../../files/transfer';
import { signalOf } from '../../util/signal';
import { Command, CommandContext } from '../context';
import { fileTarget } from './_target';
import { failed } from '../wrapper';

/** Explorer → Download from Instance…: a file or a whole folder into a local folder. */
export const downloadCommand: Command = {
  id: 'lxd.file.download',
  async run(ctx: CommandContext, arg?: unknown) {
    const t = fileTarget(ctx, arg);
    const picked = await vscode.window.showOpenDialog({
      canSelectFiles: false,
      canSelectFolders: true,
      canSelectMany: false,
      openLabel: vscode.l10n.t('Download Here'),
      title: vscode.l10n.t('Download {0}:{1}', t.instance, t.path),
    });
    if (!picked?.length) {
      throw new vscode.CancellationError();
    }
    const client = t.connection.api(t.project);
    let count = 0;
    const dest = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: vscode.l10n.t('Downloading {0}:{1}', t.instance, t.path),
        cancellable: true,
      },
      (progress, token) =>
        download(client, t.instance, t.path, picked[0].fsPath, {
          signal: signalOf(token),
          onFile: (p) => progress.report({ message: `${++count}: ${p}` }),
        }).catch((e) => {
          throw failed(vscode.l10n.t('Cannot download {0}', t.path), e);
        }),
    );
    const choice = await vscode.window.showInformationMessage(
      vscode.l10n.t('Downloaded {0}:{1} to {2}', t.instance, t.path, dest),
      vscode.l10n.t('Reveal'),
    );
    if (choice === vscode.l10n.t('Reveal')) {
      await vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(dest));
    }
  },
};
