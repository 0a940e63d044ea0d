import * as vscode from 'vscode';
import { Command, CommandContext } from '../context';
import { askPick } from '../targets';
import { aliasNames, resolveImage, shortFingerprint } from './_target';
import { failed } from '../wrapper';

/**
 * Removes one of an image's aliases (a pick when there are several; a modal when there is one,
 * since then nothing else was chosen). The image itself stays.
 */
export const removeImageAlias: Command = {
  id: 'lxd.image.removeAlias',
  async run(ctx: CommandContext, ...args: unknown[]) {
    const {
      connection,
      project,
      value: image,
    } = await resolveImage(
      ctx,
      args,
      vscode.l10n.t('Remove Image Alias'),
      (i) => aliasNames(i).length > 0,
      vscode.l10n.t('No image has an alias.'),
    );
    const aliases = aliasNames(image);
    let names: string[];
    if (aliases.length === 1) {
      const choice = await vscode.window.showWarningMessage(
        vscode.l10n.t('Remove the alias "{0}" of image {1}?', aliases[0], shortFingerprint(image)),
        { modal: true, detail: vscode.l10n.t('The image stays; it is then known by its fingerprint only.') },
        vscode.l10n.t('Remove Alias'),
      );
      if (choice !== vscode.l10n.t('Remove Alias')) {
        return;
      }
      names = aliases;
    } else {
      const picks = await askPick(
        aliases.map((a) => ({ label: a })),
        {
          title: vscode.l10n.t('Remove Aliases of {0}', shortFingerprint(image)),
          placeHolder: vscode.l10n.t('Choose the aliases to remove (the image stays)'),
          canPickMany: true,
        },
      );
      if (!picks.length) {
        return;
      }
      names = picks.map((p) => p.label);
    }
    const api = connection.api(project).images;
    for (const name of names) {
      try {
        await api.deleteAlias(name);
      } catch (e) {
        throw failed(vscode.l10n.t('Cannot remove the alias "{0}"', name), e);
      }
    }
  },
};
