import { consoleLogUri } from '../../live';
import { Command, CommandContext } from '../context';
import { resolveInstance } from '../targets';

/** Opens an instance's console log in an editor that shows what the instance writes to its console as it comes. */
export const showConsoleLog: Command = {
  id: 'lxd.instance.showConsoleLog',
  async run(ctx: CommandContext, ...args: unknown[]) {
    const ref = await resolveInstance(ctx, args, { title: 'Show Console Log' });
    await ctx.live.show(consoleLogUri({ connectionId: ref.connection.id, project: ref.project, name: ref.name }));
  },
};
