import * as vscode from 'vscode';
import { RemoteDescription, cliEditProblem } from '../../client';
import { Connection } from '../../connections/connection';
import { Remotes } from '../../remotes';
import { cancelled } from '../targets';
import { UserError } from '../wrapper';

/** The CLI remote behind a connection, or a UserError that says why it cannot be changed here. */
export function cliRemoteOf(remotes: Remotes, c: Connection): RemoteDescription {
  if (c.spec.source === 'setting') {
    throw new UserError(vscode.l10n.t('"{0}" comes from the lxd.connections setting: change it in your settings.', c.name));
  }
  if (c.spec.source !== 'lxc' && c.spec.source !== 'incus') {
    throw new UserError(vscode.l10n.t('"{0}" is a local socket found by itself, not a remote.', c.name));
  }
  const remote = remotes.cli.remotes.flatMap((d) => d.remotes).find((r) => `${r.cli}:${r.name}` === c.id);
  if (!remote) {
    throw new UserError(vscode.l10n.t('"{0}" is no longer in the {1} configuration.', c.name, c.spec.source));
  }
  const problem = cliEditProblem(remote);
  if (problem) {
    void offerToOpen(problem, remote.definedIn);
    cancelled();
  }
  return remote;
}

async function offerToOpen(message: string, file?: string): Promise<void> {
  const choice = await vscode.window.showInformationMessage(message, ...(file ? ['Open File'] : []));
  if (choice === 'Open File' && file) {
    await vscode.window.showTextDocument(vscode.Uri.file(file));
  }
}
