import { DEFAULT_FILTER } from '../../live/eventLines';
import { Command, CommandContext } from '../context';
import { eventsTarget } from './_target';

/** Shows every lifecycle and operation event again (what a new events view shows). */
export const clearEventFilter: Command = {
  id: 'lxd.event.clearFilter',
  run(ctx: CommandContext, uri?: unknown) {
    eventsTarget(ctx, uri).setFilter(DEFAULT_FILTER);
    ctx.live.updateContext();
  },
};
