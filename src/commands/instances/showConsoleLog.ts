import { Command, CommandContext } from '../context';
import { resolveInstance } from '../targets';
import { openInstanceDocument } from './_documents';

export const showConsoleLog: Command = {
  id: 'lxd.instance.showConsoleLog',
  async run(ctx: CommandContext, ...args: unknown[]) {
    const ref = await resolveInstance(ctx, args, { title: 'Show Console Log' });
    await openInstanceDocument(ref, 'console-log', 'log');
  },
};
