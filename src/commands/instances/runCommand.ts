import { runInTerminal, targetOf } from '../../terminals/open';
import { Command, CommandContext } from '../context';
import { askText, resolveInstance } from '../targets';
import { ensureRunning } from './_running';

/**
 * Runs one command line in an instance and streams its output into a terminal. The line goes to
 * `sh -c` as typed, so quotes, pipes and variables mean what they mean in a shell.
 */
export const runCommandCommand: Command = {
  id: 'lxd.instance.runCommand',
  async run(ctx: CommandContext, ...args: unknown[]) {
    const ref = await resolveInstance(ctx, args, { title: 'Run Command', noneMessage: 'There is no instance to run a command in.' });
    const line = await askText({
      title: `Run Command in ${ref.name}`,
      prompt: 'A command line for sh -c, e.g. ls -l /etc | head',
      placeHolder: 'uname -a',
      validateInput: (v) => (v.trim() ? undefined : 'Type a command'),
    });
    await ensureRunning(ref, 'run the command');
    runInTerminal(targetOf(ref.connection, ref.project, ref.name), line, ctx.connections);
  },
};
