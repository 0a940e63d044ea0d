import { instanceNameProblem } from '../../client';
import { Command, CommandContext } from '../context';
import { askText, resolveInstance } from '../targets';
import { failed } from '../wrapper';

/** LXD renames stopped instances only; the menu offers it for those, the picker lists those. */
export const renameInstance: Command = {
  id: 'lxd.instance.rename',
  async run(ctx: CommandContext, ...args: unknown[]) {
    const ref = await resolveInstance(ctx, args, {
      title: 'Rename Instance',
      filter: (i) => i.status === 'Stopped',
      noneMessage: 'Only stopped instances can be renamed, and none is stopped.',
    });
    const api = ref.connection.api(ref.project).instances;
    const existing = new Set(await api.names());
    const newName = await askText({
      title: `Rename ${ref.name}`,
      value: ref.name,
      valueSelection: [0, ref.name.length],
      prompt: 'New name: letters, digits and hyphens',
      validateInput: (v) =>
        v === ref.name
          ? undefined
          : (instanceNameProblem(v, ref.connection.server?.kind) ??
            (existing.has(v) ? `An instance named "${v}" already exists.` : undefined)),
    });
    if (newName === ref.name) {
      return;
    }
    try {
      await api.rename(ref.name, newName).wait();
    } catch (e) {
      throw failed(`Cannot rename ${ref.name}`, e);
    }
  },
};
