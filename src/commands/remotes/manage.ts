import * as vscode from 'vscode';
import { RemoteDescription, cliEditProblem, removeCliRemote, renameCliRemote } from '../../client';
import { Connection } from '../../connections/connection';
import { remotes } from '../../remotes';
import { Command, CommandContext } from '../context';
import { UserError } from '../registry';
import { cancelled } from '../targets';
import { askName, confirm, resolveRemote } from './steps';

/**
 * Remove and rename. A remote added in VS Code is VS Code's to change. A CLI remote lives in the
 * CLI's `config.yml`: LXD Explorer edits that file as `lxc remote remove` / `rename` would (keeping
 * its comments), after a modal that says the CLI is changed too; remotes of the system-wide file or
 * built into the CLI are refused with where they come from.
 */

export const removeRemote: Command = {
  id: 'lxd.remote.remove',
  async run(ctx: CommandContext, node?: unknown) {
    const c = await resolveRemote(ctx, node, 'Remove Remote');
    if (c.spec.source === 'added') {
      await confirm(
        `Remove the remote "${c.name}"?`,
        `LXD Explorer forgets ${c.spec.address} and its pinned certificate. The server keeps trusting this client's certificate until it is removed there ("lxc config trust remove").`,
        'Remove',
      );
      await remotes().store.remove(c.name);
    } else {
      const remote = cliRemoteOf(c);
      await confirm(
        `Remove the remote "${remote.name}" from ${remote.cli}'s configuration?`,
        `It is defined in ${remote.definedIn}: ${remote.cli} will no longer know it either, and its pinned server certificate is deleted. ` +
          `The server keeps trusting the client certificate until it is removed there.`,
        `Remove from ${remote.cli}`,
      );
      await removeCliRemote(remote);
    }
    await ctx.connections.discover();
  },
};

export const renameRemote: Command = {
  id: 'lxd.remote.rename',
  async run(ctx: CommandContext, node?: unknown) {
    const c = await resolveRemote(ctx, node, 'Rename Remote');
    const r = remotes();
    if (c.spec.source === 'added') {
      const stored = r.store.get(c.name) ?? cancelled();
      const name = await askName(`Rename Remote ${c.name}`, c.name, r.store.list().map((s) => s.name));
      if (name !== c.name) {
        await r.store.update(c.name, { ...stored, name });
      }
    } else {
      const remote = cliRemoteOf(c);
      const taken = r.cli.remotes.filter((d) => d.config.dir === remote.configDir).flatMap((d) => d.remotes.map((x) => x.name));
      const name = await askName(`Rename Remote ${remote.name} (in ${remote.definedIn}, for ${remote.cli} too)`, remote.name, taken);
      if (name !== remote.name) {
        await renameCliRemote(remote, name, taken);
      }
    }
    await ctx.connections.discover();
  },
};

/** The CLI remote behind a connection, or a UserError that says why it cannot be changed here. */
export function cliRemoteOf(c: Connection): RemoteDescription {
  if (c.spec.source === 'setting') {
    throw new UserError(`"${c.name}" comes from the lxd.connections setting: change it in your settings.`);
  }
  if (c.spec.source !== 'lxc' && c.spec.source !== 'incus') {
    throw new UserError(`"${c.name}" is a local socket found by itself, not a remote.`);
  }
  const remote = remotes()
    .cli.remotes.flatMap((d) => d.remotes)
    .find((r) => `${r.cli}:${r.name}` === c.id);
  if (!remote) {
    throw new UserError(`"${c.name}" is no longer in the ${c.spec.source} configuration.`);
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
