import * as nodePath from 'node:path';
import * as vscode from 'vscode';
import { FolderUploadPlan, describeConflicts, planFolderUpload, uploadFolder } from '../../files/folderUpload';
import { instanceUri } from '../../files/provider';
import { formatBytes, listSome } from '../../views/format';
import { Command, CommandContext } from '../context';
import { UserError, failed } from '../wrapper';
import { chooseToUpload, fileTarget } from './_target';
import { uploading } from './_upload';

/**
 * Explorer → Upload Folder to Instance…: local folders with everything in them, into the chosen
 * folder of the instance (`lxc file push -r`). Each is read and checked against the instance first:
 * a folder where a file would go refuses it with nothing changed, and files it would replace are
 * named before anything is written. Every file lands atomically.
 */
export const uploadFolderCommand: Command = {
  id: 'lxd.file.uploadFolder',
  async run(ctx: CommandContext, arg?: unknown) {
    const t = fileTarget(ctx, arg);
    const folders = await chooseToUpload(t, 'folders');
    const client = t.connection.api(t.project);
    const plans = await vscode.window.withProgress(
      // In the status bar: a few hundred milliseconds for most folders, and the question or the upload's own notification follows.
      { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Reading {0}…', listSome(folders.map(nameOf), 3)) },
      () =>
        Promise.all(folders.map((f) => planFolderUpload(client, t.instance, f.fsPath, t.path))).catch((e) => {
          throw failed(vscode.l10n.t('Cannot upload to {0}:{1}', t.instance, t.path), e);
        }),
    );
    const refused = plans.find((p) => p.conflicts.length);
    if (refused) {
      throw new UserError(vscode.l10n.t('Cannot upload {0} to {1}: {2}.', refused.localDir, t.instance, describeConflicts(refused)));
    }
    await confirmReplacing(plans, t.instance);

    const count = plans.reduce((n, p) => n + p.count, 0);
    const bytes = plans.reduce((n, p) => n + p.bytes, 0);
    await uploading(ctx, t, async ({ own, ref, progress, signal, landed }) => {
      let done = 0;
      let current = '';
      for (const plan of plans) {
        await uploadFolder(own, client, ref, plan, {
          signal,
          onStart: (e) => {
            current = nodePath.join(nodePath.basename(plan.localDir), e.rel);
            progress.report({
              message: vscode.l10n.t('{0} ({1} of {2})', current, ++done, count),
              increment: bytes ? (100 * e.size) / bytes : 100 / count,
            });
          },
          onLanded: (remote, created) =>
            landed({
              type: created ? vscode.FileChangeType.Created : vscode.FileChangeType.Changed,
              uri: instanceUri({ ...ref, path: remote }),
            }),
        }).catch((e) => {
          throw failed(vscode.l10n.t('Cannot upload {0}', current || plan.localDir), e);
        });
      }
    });
    const skipped = plans.flatMap((p) => p.skipped);
    if (skipped.length) {
      void vscode.window.showInformationMessage(
        vscode.l10n.t(
          'Uploaded {0} ({1}). Not uploaded: {2} (sockets, pipes and devices are not files).',
          count === 1 ? vscode.l10n.t('1 file') : vscode.l10n.t('{0} files', count),
          formatBytes(bytes),
          listSome(skipped, 3),
        ),
      );
    }
  },
};

function nameOf(u: vscode.Uri): string {
  return nodePath.basename(u.fsPath);
}

/** Asks before files already in the instance are replaced; merging new files into a folder is not asked about. */
async function confirmReplacing(plans: FolderUploadPlan[], instance: string): Promise<void> {
  const replaced = plans.flatMap((p) => p.replaced);
  if (!replaced.length) {
    return;
  }
  const replace = vscode.l10n.t('Replace');
  const choice = await vscode.window.showWarningMessage(
    replaced.length === 1
      ? vscode.l10n.t('{0} already has {1}. Replace it?', instance, replaced[0])
      : vscode.l10n.t('{0} already has {1} of these files ({2}). Replace them?', instance, replaced.length, listSome(replaced, 3)),
    { modal: true, detail: vscode.l10n.t('Replaced files keep their owner and mode. Everything else in those folders stays.') },
    replace,
  );
  if (choice !== replace) {
    throw new vscode.CancellationError();
  }
}
