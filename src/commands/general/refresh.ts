import { Connection } from '../../connections/connection';
import { log } from '../../logger';
import { Command, CommandContext } from '../context';

/** Reloads from the servers: a connection's resources (from its node) or everything. */
export const refresh: Command = {
  id: 'lxd.refresh',
  async run(ctx: CommandContext, node?: unknown) {
    const c = (node as { connection?: Connection } | undefined)?.connection;
    await ctx.connections.discover();
    ctx.refresh.reloadAll(c instanceof Connection ? c : undefined);
  },
};

export const retryConnection: Command = {
  id: 'lxd.connection.retry',
  async run(ctx: CommandContext) {
    await ctx.connections.retry();
    ctx.refresh.reloadAll();
  },
};

export const showLog: Command = {
  id: 'lxd.showLog',
  run() {
    log().show(true);
  },
};
