import { Command, CommandContext } from '../context';
import { liveTarget } from './_target';

/** Stops a log or events view from reading its source; what it shows stays. */
export const stopFollowingLiveDocument: Command = {
  id: 'lxd.liveDocument.stopFollowing',
  run(ctx: CommandContext, uri?: unknown) {
    liveTarget(ctx, uri).pause();
    ctx.live.updateContext();
  },
};
