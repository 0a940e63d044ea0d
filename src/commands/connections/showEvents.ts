import { eventsUri } from '../../live';
import { Command, CommandContext } from '../context';
import { resolveConnection } from '../targets';

/** Opens the server's events view (one per server): lifecycle and operation events as they come, filterable. */
export const showEvents: Command = {
  id: 'lxd.connection.showEvents',
  async run(ctx: CommandContext, node?: unknown) {
    const c = await resolveConnection(ctx, node, 'Show Events');
    await ctx.live.show(eventsUri(c));
  },
};
