import * as nodePath from 'node:path';
import * as vscode from 'vscode';
import { Client } from '../../client';
import { uploadFiles } from '../../files/transfer';
import { basename } from '../../files/uri';
import { Command, CommandContext } from '../context';
import { chooseToUpload, fileTarget } from './_target';
import { uploading } from './_upload';
import { listSome } from '../../views/format';
import { failed } from '../wrapper';

/** Explorer → Upload to Instance…: local files, streamed into the chosen folder of the instance. */
export const uploadCommand: Command = {
  id: 'lxd.file.upload',
  async run(ctx: CommandContext, arg?: unknown) {
    const t = fileTarget(ctx, arg);
    const files = await chooseToUpload(t, 'files');
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
    const replaced = new Set(existing);
    await uploading(ctx, t, async ({ own, ref, progress, signal, landed }) => {
      let current = '';
      const done = (): void => {
        const name = nodePath.basename(current);
        landed({
          type: replaced.has(name) ? vscode.FileChangeType.Changed : vscode.FileChangeType.Created,
          uri: vscode.Uri.joinPath(t.uri, name),
        });
      };
      const onStart = (f: string, i: number): void => {
        if (current) {
          done();
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
        { signal, onStart },
      ).catch((e) => {
        throw failed(vscode.l10n.t('Cannot upload {0}', current), e);
      });
      done();
    });
  },
};

/** The names among `files` that the remote directory already has. */
async function existingNames(client: Client, instance: string, dir: string, files: vscode.Uri[]): Promise<string[]> {
  const present = new Set(await client.files.list(instance, dir).catch(() => [] as string[]));
  return files.map((f) => basename(f.path)).filter((n) => present.has(n));
}
