import { Command, CommandContext } from '../context';
import { openConfigEditor } from '../targets';
import { resolveProject } from './_target';

export const editProject: Command = {
  id: 'lxd.project.edit',
  async run(ctx: CommandContext, ...args: unknown[]) {
    const target = await resolveProject(ctx, args, 'Edit Project');
    await openConfigEditor(target, 'project', target.name);
  },
};
