import { Command, CommandContext } from '../context';
import { resolveInstances } from '../targets';
import { forEachInstance, instancesApi } from './_bulk';

export const startInstance: Command = {
  id: 'lxd.instance.start',
  async run(ctx: CommandContext, ...args: unknown[]) {
    const refs = await resolveInstances(ctx, args, {
      title: 'Start Instances',
      canPickMany: true,
      filter: (i) => i.status === 'Stopped',
      noneMessage: 'No stopped instance to start.',
    });
    await forEachInstance(refs, 'Starting', (r) => instancesApi(r).start(r.name).wait());
  },
};
