import { Command, CommandContext } from '../context';
import { askText } from '../targets';
import { imageName, resolveImage, shortFingerprint } from './_target';
import { aliasNameProblem } from './_validate';
import { failed } from '../wrapper';

export const addImageAlias: Command = {
  id: 'lxd.image.addAlias',
  async run(ctx: CommandContext, ...args: unknown[]) {
    const { connection, project, name: fingerprint, value: image } = await resolveImage(ctx, args, 'Add Image Alias');
    const api = connection.api(project);
    const existing = (await api.images.aliases()).map((a) => a.name ?? '');
    const name = await askText({
      title: `Add Alias to ${imageName(image)} (${shortFingerprint(image)})`,
      prompt: `A name for this image in project ${project}, e.g. for "lxc launch <alias>"`,
      placeHolder: 'e.g. debian-12',
      validateInput: (v) => aliasNameProblem(v, existing),
    });
    try {
      await api.images.addAlias(name, fingerprint);
    } catch (e) {
      throw failed(`Cannot add the alias "${name}"`, e);
    }
  },
};
