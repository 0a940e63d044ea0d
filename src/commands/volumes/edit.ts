import { Command, CommandContext } from '../context';
import { openConfigEditor } from '../targets';
import { resolveVolume } from './_target';

export const editVolume: Command = {
  id: 'lxd.volume.edit',
  async run(ctx: CommandContext, ...args: unknown[]) {
    const target = await resolveVolume(ctx, args, 'Edit Volume');
    const { pool, ref } = target.value;
    await openConfigEditor(target, 'volume', `${pool}/${ref.type}/${ref.name}`);
  },
};
