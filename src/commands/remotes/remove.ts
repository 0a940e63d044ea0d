import { removeCliRemote } from '../../client';
import { Command, CommandContext } from '../context';
import { cliRemoteOf } from './_cli';
import { confirm, resolveRemote } from './_steps';

/**
 * A remote added in VS Code is VS Code's to forget. A CLI remote lives in the CLI's `config.yml`:
 * LXD Explorer edits that file as `lxc remote remove` would (keeping its comments), after a modal
 * that says the CLI is changed too; remotes of the system-wide file or built into the CLI are
 * refused with where they come from.
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
      await ctx.remotes.store.remove(c.name);
    } else {
      const remote = cliRemoteOf(ctx.remotes, c);
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
