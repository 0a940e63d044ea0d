import * as vscode from 'vscode';
import type { Image } from '../../generated';
import { IMAGE_FILTER } from '../../views/arrangement/specs';
import { ListRoot } from '../../views/listRoot';
import { Command, CommandContext } from '../context';
import { changeFilter } from '../arrangePicks';

/** Narrows the Images view by alias, fingerprint or description, type and project, over what is listed. */
export const filterImages: Command = {
  id: 'lxd.image.filter',
  async run(ctx: CommandContext) {
    const rows = ctx.connections.all
      .filter((c) => c.status === 'connected')
      .flatMap((c) => {
        const root = ctx.views.images.rootOf(c);
        const images = root instanceof ListRoot ? (root.listed as Image[]) : [];
        return images.map((image) => ({ image, project: image.project ?? c.project }));
      });
    await changeFilter(ctx, 'images', { noun: vscode.l10n.t('Images'), spec: IMAGE_FILTER, rows });
  },
};
