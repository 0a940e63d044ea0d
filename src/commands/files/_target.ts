import * as vscode from 'vscode';
import { Connection } from '../../connections/connection';
import { parseInstanceUri } from '../../files/provider';
import { InstanceFileNode } from '../../views/instances/filesNode';
import { CommandContext } from '../context';
import { UserError } from '../wrapper';

/** The place in an instance a file command acts on (in the Explorer, or under an instance's Files node): an `lxd:` URI on a connected server. */
export function fileTarget(
  ctx: CommandContext,
  arg: unknown,
): { uri: vscode.Uri; connection: Connection; project: string; instance: string; path: string } {
  const uri = arg instanceof vscode.Uri ? arg : arg instanceof InstanceFileNode ? arg.uri : undefined;
  if (!uri || uri.scheme !== 'lxd') {
    throw new UserError(vscode.l10n.t('Choose a file or folder of an instance (under its Files node, or in the Explorer).'));
  }
  const p = parseInstanceUri(uri);
  const connection = ctx.connections.get(p.connectionId);
  if (connection?.status !== 'connected') {
    throw new UserError(vscode.l10n.t('The server of {0} is not connected.', uri.toString(true)));
  }
  return { uri, connection, project: p.project, instance: p.instance, path: p.path };
}

/** The local files or folders to upload to `t`, from VS Code's open dialog; cancelled when none are chosen. */
export async function chooseToUpload(t: { instance: string; path: string }, what: 'files' | 'folders'): Promise<vscode.Uri[]> {
  const chosen = await vscode.window.showOpenDialog({
    canSelectFiles: what === 'files',
    canSelectFolders: what === 'folders',
    canSelectMany: true,
    openLabel: vscode.l10n.t('Upload'),
    title:
      what === 'files'
        ? vscode.l10n.t('Upload to {0}:{1}', t.instance, t.path)
        : vscode.l10n.t('Upload Folder to {0}:{1}', t.instance, t.path),
  });
  if (!chosen?.length) {
    throw new vscode.CancellationError();
  }
  return chosen;
}
