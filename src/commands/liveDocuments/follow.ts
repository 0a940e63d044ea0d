import { Command, CommandContext } from '../context';
import { liveTarget } from './_target';

/** Follows the source of a log or events view again: what came meanwhile is read (logs) or the gap marked (events). */
export const followLiveDocument: Command = {
  id: 'lxd.liveDocument.follow',
  run(ctx: CommandContext, uri?: unknown) {
    liveTarget(ctx, uri).follow();
    ctx.live.updateContext();
  },
};
