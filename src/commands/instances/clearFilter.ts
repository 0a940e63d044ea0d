import { Command, CommandContext } from '../context';

/** Shows every instance again. */
export const clearInstanceFilter: Command = {
  id: 'lxd.instance.clearFilter',
  run(ctx: CommandContext) {
    ctx.arrangement.clearFilter('instances');
  },
};
