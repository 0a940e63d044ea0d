import { Command, CommandContext } from '../context';
import { askText, openConfigEditor, resolveConnection } from '../targets';
import { profileNameProblem } from './_validate';
import { failed } from '../wrapper';

/** Creates an empty profile (name, optional description), then opens it as YAML to fill in. */
export const createProfile: Command = {
  id: 'lxd.profile.create',
  async run(ctx: CommandContext, node?: unknown) {
    const connection = await resolveConnection(ctx, node, 'Create Profile');
    const project = connection.defaultProject;
    const api = connection.api(project).profiles;
    const existing = (await api.list()).map((p) => p.name ?? '');
    const title = `Create Profile on ${connection.name} (${project})`;
    const name = await askText({
      title,
      prompt: 'Profile name',
      placeHolder: 'e.g. web',
      validateInput: (v) => profileNameProblem(v, existing),
    });
    const description = await askText({ title, prompt: `Description of "${name}" (optional: Enter to skip)` });
    try {
      await api.create({ name, description });
    } catch (e) {
      throw failed(`Cannot create profile ${name}`, e);
    }
    await openConfigEditor({ connection, project }, 'profile', name);
  },
};
