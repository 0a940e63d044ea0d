import { daemonName } from '../../connections/serverKind';
import { Command, CommandContext } from '../context';
import { openConfigEditor } from '../targets';
import { resolveNetwork } from './_target';
import { UserError } from '../wrapper';

export const editNetwork: Command = {
  id: 'lxd.network.edit',
  async run(ctx: CommandContext, ...args: unknown[]) {
    const target = await resolveNetwork(ctx, args, 'Edit Network');
    if (!target.value.managed) {
      throw new UserError(`${target.name} is not managed by ${daemonName(target.connection)}: it has no configuration to edit.`);
    }
    await openConfigEditor(target, 'network', target.name);
  },
};
