import { Command, CommandContext } from '../context';
import { openConfigEditor } from '../targets';
import { resolvePool } from './_target';

export const editPool: Command = {
  id: 'lxd.pool.edit',
  async run(ctx: CommandContext, ...args: unknown[]) {
    const target = await resolvePool(ctx, args, 'Edit Storage Pool');
    await openConfigEditor(target, 'pool', target.name);
  },
};
