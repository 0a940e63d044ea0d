import { Command, CommandContext } from '../context';

/** Connects again to every server that is not connected, then reloads the views. */
export const retryConnection: Command = {
  id: 'lxd.connection.retry',
  async run(ctx: CommandContext) {
    await ctx.connections.retry();
    ctx.refresh.reloadAll();
  },
};
