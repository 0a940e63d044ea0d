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
