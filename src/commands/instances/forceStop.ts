import { Command, CommandContext } from '../context';
import { resolveInstances } from '../targets';
import { forEachInstance, instancesApi, isRunning } from './_bulk';

export const forceStopInstance: Command = {
  id: 'lxd.instance.forceStop',
  async run(ctx: CommandContext, ...args: unknown[]) {
    const refs = await resolveInstances(ctx, args, {
      title: 'Force Stop Instances',
      canPickMany: true,
      filter: (i) => isRunning(i.status) || i.status === 'Frozen',
      noneMessage: 'No running instance to stop.',
    });
    await forEachInstance(refs, 'Force stopping', (r) => instancesApi(r).stop(r.name, { force: true }).wait());
  },
};
