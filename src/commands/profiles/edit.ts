import { Command, CommandContext } from '../context';
import { openConfigEditor } from '../targets';
import { resolveProfile } from './_target';

export const editProfile: Command = {
  id: 'lxd.profile.edit',
  async run(ctx: CommandContext, ...args: unknown[]) {
    const target = await resolveProfile(ctx, args, 'Edit Profile');
    await openConfigEditor(target, 'profile', target.name);
  },
};
