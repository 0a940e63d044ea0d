import { Command, CommandContext } from '../context';
import { resolveInstances } from '../targets';
import { forEachInstance, instancesApi } from './_bulk';

export const unfreezeInstance: Command = {
  id: 'lxd.instance.unfreeze',
  async run(ctx: CommandContext, ...args: unknown[]) {
    const refs = await resolveInstances(ctx, args, {
      title: 'Unfreeze Instances',
      canPickMany: true,
      filter: (i) => i.status === 'Frozen',
      noneMessage: 'No frozen instance.',
    });
    await forEachInstance(refs, 'Unfreezing', (r) => instancesApi(r).unfreeze(r.name).wait());
  },
};
