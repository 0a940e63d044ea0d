import { Command, CommandContext } from '../context';
import { resolveInstance } from '../targets';
import { openInstanceDocument } from './_documents';

export const showInstanceDetails: Command = {
  id: 'lxd.instance.showDetails',
  async run(ctx: CommandContext, ...args: unknown[]) {
    const ref = await resolveInstance(ctx, args, { title: 'Show Instance Details' });
    await openInstanceDocument(ref, 'details', 'yaml');
  },
};
