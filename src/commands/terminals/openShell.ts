import { openShell, resolveShell, targetOf } from '../../terminals/open';
import { Command, CommandContext } from '../context';
import { failed } from '../registry';
import { resolveInstance } from '../targets';
import { ensureRunning } from './running';

/** Opens a shell in a running instance (offers to start a stopped one). */
export const openShellCommand: Command = {
  id: 'lxd.instance.openShell',
  async run(ctx: CommandContext, ...args: unknown[]) {
    const ref = await resolveInstance(ctx, args, { title: 'Open Shell', noneMessage: 'There is no instance to open a shell in.' });
    await ensureRunning(ref, 'open a shell');
    const target = targetOf(ref.connection, ref.project, ref.name);
    const spec = await resolveShell(target, ref.instance).catch((e) => {
      throw failed(`Cannot open a shell in ${ref.name}`, e);
    });
    openShell(target, spec, ctx.connections);
  },
};
