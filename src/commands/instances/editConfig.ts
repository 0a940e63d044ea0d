import { Command, CommandContext } from '../context';
import { openConfigEditor, resolveInstance } from '../targets';

export const editInstanceConfig: Command = {
  id: 'lxd.instance.editConfig',
  async run(ctx: CommandContext, ...args: unknown[]) {
    const ref = await resolveInstance(ctx, args, { title: 'Edit Instance Configuration' });
    await openConfigEditor(ref, 'instance', ref.name);
  },
};
