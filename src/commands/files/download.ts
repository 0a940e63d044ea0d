import * as vscode from 'vscode';
import { DownloadCancelled, ExistingChoice, OnExisting } from '../../files/localTarget';
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
          onExisting: askOneAtATime(),
        }).catch((e) => {
          if (e instanceof DownloadCancelled) {
            throw new vscode.CancellationError();
          }
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

/**
 * Asks before a local file (or a symlink, which is replaced, never written through) is overwritten:
 * Overwrite, Skip or Cancel, one question at a time while files download in parallel.
 */
function askOneAtATime(): OnExisting {
  let queue: Promise<unknown> = Promise.resolve();
  let cancelled = false;
  const ask = async (localPath: string, kind: 'file' | 'symlink'): Promise<ExistingChoice> => {
    if (cancelled) {
      return 'cancel';
    }
    const overwrite = vscode.l10n.t('Overwrite');
    const skip = vscode.l10n.t('Skip');
    const choice = await vscode.window.showWarningMessage(
      kind === 'symlink'
        ? vscode.l10n.t('{0} already exists on this computer as a symbolic link. Replace the link with the downloaded file?', localPath)
        : vscode.l10n.t('{0} already exists on this computer. Overwrite it?', localPath),
      { modal: true, detail: kind === 'symlink' ? vscode.l10n.t('The link is removed; what it points at is not touched.') : undefined },
      overwrite,
      skip,
    );
    cancelled = choice !== overwrite && choice !== skip;
    return choice === overwrite ? 'overwrite' : choice === skip ? 'skip' : 'cancel';
  };
  return (localPath, kind) => {
    const answer = queue.then(() => ask(localPath, kind));
    queue = answer.catch(() => undefined);
    return answer;
  };
}
