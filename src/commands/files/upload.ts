import * as nodePath from 'node:path';
import * as vscode from 'vscode';
import { Client } from '../../client';
import { InstanceFiles } from '../../files/instanceFiles';
import { uploadFiles } from '../../files/transfer';
import { basename } from '../../files/uri';
import { signalOf } from '../../util/signal';
import { Command, CommandContext } from '../context';
import { fileTarget } from './_target';
import { listSome } from '../../views/format';
import { failed } from '../wrapper';

/** Explorer → Upload to Instance…: local files, streamed into the chosen folder of the instance. */
export const uploadCommand: Command = {
  id: 'lxd.file.upload',
  async run(ctx: CommandContext, arg?: unknown) {
    const t = fileTarget(ctx, arg);
    const files = await vscode.window.showOpenDialog({
      canSelectFiles: true,
      canSelectFolders: false,
      canSelectMany: true,
      openLabel: vscode.l10n.t('Upload'),
      title: vscode.l10n.t('Upload to {0}:{1}', t.instance, t.path),
    });
    if (!files?.length) {
      throw new vscode.CancellationError();
    }
    const client = t.connection.api(t.project);
    const existing = await existingNames(client, t.instance, t.path, files);
    if (existing.length) {
      const replace = vscode.l10n.t('Replace');
      const choice = await vscode.window.showWarningMessage(
        vscode.l10n.t('{0}:{1} already has {2}. Replace?', t.instance, t.path, listSome(existing, 3)),
        { modal: true, detail: vscode.l10n.t('Replaced files keep their owner and mode.') },
        replace,
      );
      if (choice !== replace) {
        throw new vscode.CancellationError();
      }
    }
    // A session of the upload's own: each file lands atomically (a temporary, then a rename).
    const own = new InstanceFiles({ leftovers: ctx.leftovers });
    const ref = { connectionId: t.connection.id, project: t.project, instance: t.instance };
    const landed: string[] = [];
    try {
      await vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title: vscode.l10n.t('Uploading to {0}:{1}', t.instance, t.path),
          cancellable: true,
        },
        async (progress, token) => {
          let current = '';
          const onStart = (f: string, i: number): void => {
            if (current) {
              landed.push(current);
            }
            current = f;
            progress.report({
              message: vscode.l10n.t('{0} ({1} of {2})', nodePath.basename(f), i + 1, files.length),
              increment: 100 / files.length,
            });
          };
          await uploadFiles(
            own,
            client,
            ref,
            files.map((f) => f.fsPath),
            t.path,
            { signal: signalOf(token), onStart },
          ).catch((e) => {
            throw failed(vscode.l10n.t('Cannot upload {0}', current), e);
          });
          landed.push(current);
        },
      );
    } finally {
      own.dispose();
      // What landed shows in the folder, in the Explorer and under the instance's Files node, even
      // when a later file failed. (Refreshing the Explorer instead would also bring it to the front.)
      const replaced = new Set(existing);
      ctx.instanceFs.announce(
        landed.map((f) => {
          const name = nodePath.basename(f);
          return {
            type: replaced.has(name) ? vscode.FileChangeType.Changed : vscode.FileChangeType.Created,
            uri: vscode.Uri.joinPath(t.uri, name),
          };
        }),
      );
    }
  },
};

/** The names among `files` that the remote directory already has. */
async function existingNames(client: Client, instance: string, dir: string, files: vscode.Uri[]): Promise<string[]> {
  const present = new Set(await client.files.list(instance, dir).catch(() => [] as string[]));
  return files.map((f) => basename(f.path)).filter((n) => present.has(n));
}
