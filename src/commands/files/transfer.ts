import * as vscode from 'vscode';
import { Client } from '../../client';
import { download, uploadFile } from '../../files/transfer';
import { parseInstanceUri } from '../../files/provider';
import { basename } from '../../files/uri';
import { Connection } from '../../connections/connection';
import { signalOf } from '../instances/run';
import { Command, CommandContext } from '../context';
import { UserError, failed, listSome } from '../registry';

function target(ctx: CommandContext, arg: unknown): { uri: vscode.Uri; connection: Connection; project: string; instance: string; path: string } {
  const uri = arg instanceof vscode.Uri ? arg : undefined;
  if (!uri || uri.scheme !== 'lxd') {
    throw new UserError('Choose a file or folder of an instance in the Explorer (Browse Files adds one).');
  }
  const p = parseInstanceUri(uri);
  const connection = ctx.connections.get(p.connectionId);
  if (connection?.status !== 'connected') {
    throw new UserError(`The server of ${uri.toString(true)} is not connected.`);
  }
  return { uri, connection, project: p.project, instance: p.instance, path: p.path };
}

/** Explorer → Upload to Instance…: local files, streamed into the chosen folder of the instance. */
export const uploadCommand: Command = {
  id: 'lxd.file.upload',
  async run(ctx: CommandContext, arg?: unknown) {
    const t = target(ctx, arg);
    const files = await vscode.window.showOpenDialog({ canSelectFiles: true, canSelectFolders: false, canSelectMany: true, openLabel: 'Upload', title: `Upload to ${t.instance}:${t.path}` });
    if (!files?.length) {
      throw new vscode.CancellationError();
    }
    const client = t.connection.api(t.project);
    const existing = await existingNames(client, t.instance, t.path, files);
    if (existing.length) {
      const replace = 'Replace';
      const choice = await vscode.window.showWarningMessage(`${t.instance}:${t.path} already has ${listSome(existing, 3)}. Replace?`, { modal: true, detail: 'Replaced files keep their owner and mode.' }, replace);
      if (choice !== replace) {
        throw new vscode.CancellationError();
      }
    }
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Uploading to ${t.instance}:${t.path}`, cancellable: true }, async (progress, token) => {
      const signal = signalOf(token);
      for (const [i, f] of files.entries()) {
        progress.report({ message: `${basename(f.path)} (${i + 1} of ${files.length})`, increment: 100 / files.length });
        await uploadFile(client, t.instance, f.fsPath, t.path, { signal }).catch((e) => {
          throw failed(`Cannot upload ${f.fsPath}`, e);
        });
      }
    });
    await vscode.commands.executeCommand('workbench.files.action.refreshFilesExplorer');
  },
};

/** The names among `files` that the remote directory already has. */
async function existingNames(client: Client, instance: string, dir: string, files: vscode.Uri[]): Promise<string[]> {
  const present = new Set(await client.files.list(instance, dir).catch(() => [] as string[]));
  return files.map((f) => basename(f.path)).filter((n) => present.has(n));
}

/** Explorer → Download from Instance…: a file or a whole folder into a local folder. */
export const downloadCommand: Command = {
  id: 'lxd.file.download',
  async run(ctx: CommandContext, arg?: unknown) {
    const t = target(ctx, arg);
    const picked = await vscode.window.showOpenDialog({ canSelectFiles: false, canSelectFolders: true, canSelectMany: false, openLabel: 'Download Here', title: `Download ${t.instance}:${t.path}` });
    if (!picked?.length) {
      throw new vscode.CancellationError();
    }
    const client = t.connection.api(t.project);
    let count = 0;
    const dest = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Downloading ${t.instance}:${t.path}`, cancellable: true }, (progress, token) =>
      download(client, t.instance, t.path, picked[0].fsPath, { signal: signalOf(token), onFile: (p) => progress.report({ message: `${++count}: ${p}` }) }).catch((e) => {
        throw failed(`Cannot download ${t.path}`, e);
      }),
    );
    const choice = await vscode.window.showInformationMessage(`Downloaded ${t.instance}:${t.path} to ${dest}`, 'Reveal');
    if (choice === 'Reveal') {
      await vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(dest));
    }
  },
};
