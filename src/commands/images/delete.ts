import * as vscode from 'vscode';
import type { Image, Instance } from '../../generated';
import { daemonName } from '../../connections/serverKind';
import { Command, CommandContext } from '../context';
import { aliasNames, imageName, resolveImage, shortFingerprint } from './_target';
import { failed } from '../wrapper';

/**
 * Deletes an image after a modal that names it and says what deleting means. LXD does not track
 * which instances use an image; the instances that were created from it (their
 * `volatile.base_image`) are named, since they are what the user may worry about.
 */
export const deleteImage: Command = {
  id: 'lxd.image.delete',
  async run(ctx: CommandContext, ...args: unknown[]) {
    const { connection, project, name: fingerprint, value: image } = await resolveImage(ctx, args, vscode.l10n.t('Delete Image'));
    const api = connection.api(project);
    const createdFrom = await api.instances.list().then(
      (list) => list.filter((i) => i.config?.['volatile.base_image'] === fingerprint),
      () => undefined,
    );
    const name = imageName(image);
    const message =
      name === shortFingerprint(image)
        ? vscode.l10n.t('Delete image {0}?', name)
        : vscode.l10n.t('Delete image "{0}" ({1})?', name, shortFingerprint(image));
    const choice = await vscode.window.showWarningMessage(
      message,
      { modal: true, detail: deleteDetail(image, project, createdFrom, daemonName(connection)) },
      vscode.l10n.t('Delete'),
    );
    if (choice !== vscode.l10n.t('Delete')) {
      return;
    }
    await vscode.window.withProgress(
      { location: { viewId: 'lxd.views.images' }, title: vscode.l10n.t('Deleting image {0}…', name) },
      async () => {
        try {
          await api.images.delete(fingerprint).wait();
        } catch (e) {
          throw failed(vscode.l10n.t('Cannot delete image {0}', name), e);
        }
      },
    );
  },
};

function deleteDetail(image: Image, project: string, createdFrom: Instance[] | undefined, daemon: string): string {
  const aliases = aliasNames(image);
  const lines = [
    `The image is removed from the server${aliases.length ? `, with its alias${aliases.length > 1 ? 'es' : ''} ${aliases.map((a) => `"${a}"`).join(', ')}` : ''}.`,
  ];
  if (createdFrom?.length) {
    const names = createdFrom.map((i) => i.name).join(', ');
    lines.push(
      `${createdFrom.length} instance${createdFrom.length > 1 ? 's' : ''} in project ${project} ${createdFrom.length > 1 ? 'were' : 'was'} created from it (${names}). They keep working: each has its own copy of the filesystem. New instances cannot be created from this image any more.`,
    );
  } else if (createdFrom) {
    lines.push(
      `No instance in project ${project} was created from it. (${daemon} does not track image use; this is read from the instances' volatile.base_image.)`,
    );
  }
  if (image.cached) {
    lines.push(`${daemon} downloaded it as a cache for an instance and downloads it again when it is needed.`);
  }
  return lines.join('\n\n');
}
