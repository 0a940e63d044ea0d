import { Command, CommandContext } from '../context';
import { resolveInstances } from '../targets';
import { forEachInstance, instancesApi, isRunning } from './_bulk';

export const freezeInstance: Command = {
  id: 'lxd.instance.freeze',
  async run(ctx: CommandContext, ...args: unknown[]) {
    const refs = await resolveInstances(ctx, args, {
      title: 'Freeze Instances',
      canPickMany: true,
      filter: (i) => isRunning(i.status),
      noneMessage: 'No running instance to freeze.',
    });
    await forEachInstance(refs, 'Freezing', (r) => instancesApi(r).freeze(r.name).wait());
  },
};
