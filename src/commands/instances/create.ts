import { Command, CommandContext } from '../context';
import { resolveConnection } from '../targets';
import { CreateDefaults, runWizard } from './_wizard';

/** Create Instance…: the wizard (see runWizard) on the clicked server, the only one, or a chosen one. */
export const createInstance: Command = {
  id: 'lxd.instance.create',
  async run(ctx: CommandContext, node?: unknown, defaults?: CreateDefaults) {
    const c = await resolveConnection(ctx, node, 'Create Instance');
    await runWizard(ctx, c, defaults ?? {});
  },
};
