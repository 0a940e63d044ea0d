import { Command, CommandContext } from '../context';

/** Shows every image again. */
export const clearImageFilter: Command = {
  id: 'lxd.image.clearFilter',
  run(ctx: CommandContext) {
    ctx.arrangement.clearFilter('images');
  },
};
