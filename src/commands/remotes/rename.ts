import { renameCliRemote } from '../../client';
import { Command, CommandContext } from '../context';
import { cancelled } from '../targets';
import { cliRemoteOf } from './_cli';
import { askName, resolveRemote } from './_steps';

/** Renames a remote in VS Code's list, or in the CLI's `config.yml` as `lxc remote rename` would (see Remove Remote). */
export const renameRemote: Command = {
  id: 'lxd.remote.rename',
  async run(ctx: CommandContext, node?: unknown) {
    const c = await resolveRemote(ctx, node, 'Rename Remote');
    const r = ctx.remotes;
    if (c.spec.source === 'added') {
      const stored = r.store.get(c.name) ?? cancelled();
      const name = await askName(
        `Rename Remote ${c.name}`,
        c.name,
        r.store.list().map((s) => s.name),
      );
      if (name !== c.name) {
        await r.store.update(c.name, { ...stored, name });
      }
    } else {
      const remote = cliRemoteOf(r, c);
      const taken = r.cli.remotes.filter((d) => d.config.dir === remote.configDir).flatMap((d) => d.remotes.map((x) => x.name));
      const name = await askName(`Rename Remote ${remote.name} (in ${remote.definedIn}, for ${remote.cli} too)`, remote.name, taken);
      if (name !== remote.name) {
        await renameCliRemote(remote, name, taken);
      }
    }
    await ctx.connections.discover();
  },
};
