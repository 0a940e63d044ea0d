import { Connection } from '../../connections/connection';
import { Command, CommandContext } from '../context';

/** Reloads from the servers: a connection's resources (from its node) or everything. */
export const refresh: Command = {
  id: 'lxd.connection.refresh',
  async run(ctx: CommandContext, node?: unknown) {
    const c = (node as { connection?: Connection } | undefined)?.connection;
    await ctx.connections.discover();
    ctx.refresh.reloadAll(c instanceof Connection ? c : undefined);
  },
};
