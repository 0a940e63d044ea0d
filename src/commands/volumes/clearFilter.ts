import { Command, CommandContext } from '../context';

/** Shows every volume again. */
export const clearVolumeFilter: Command = {
  id: 'lxd.volume.clearFilter',
  run(ctx: CommandContext) {
    ctx.arrangement.clearFilter('volumes');
  },
};
