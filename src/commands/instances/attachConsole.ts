import { openConsole, targetOf } from '../../terminals/open';
import { Command, CommandContext } from '../context';
import { resolveInstance } from '../targets';
import { ensureRunning } from './_running';

/** Attaches a terminal to a container's console; Ctrl+A q (or closing the terminal) detaches. */
export const attachConsoleCommand: Command = {
  id: 'lxd.instance.attachConsole',
  async run(ctx: CommandContext, ...args: unknown[]) {
    const ref = await resolveInstance(ctx, args, {
      title: 'Attach Console',
      filter: (i) => i.type !== 'virtual-machine',
      noneMessage: 'There is no container to attach to (a VM\'s graphical console needs a SPICE client).',
    });
    await ensureRunning(ref, 'attach to its console');
    openConsole(targetOf(ref.connection, ref.project, ref.name), ctx.connections);
  },
};
