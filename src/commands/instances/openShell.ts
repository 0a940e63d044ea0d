import { openShell } from '../../terminals/open';
import { Command, CommandContext } from '../context';
import { resolveInstance } from '../targets';
import { prepareShell } from './_running';

/** Opens a shell in a running instance (offers to start a stopped one). */
export const openShellCommand: Command = {
  id: 'lxd.instance.openShell',
  async run(ctx: CommandContext, ...args: unknown[]) {
    const ref = await resolveInstance(ctx, args, { title: 'Open Shell', noneMessage: 'There is no instance to open a shell in.' });
    const { target, spec } = await prepareShell(ref);
    openShell(target, spec, ctx.connections);
  },
};
