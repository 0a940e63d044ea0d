import * as vscode from 'vscode';
import { imageLabel } from '../../imageServers/choices';
import { RemoteImageNode } from '../../remotes/imageServersView';
import { Command, CommandContext } from '../context';
import { chosenForServer } from '../instances/_imagePick';
import { runWizard } from '../instances/_wizard';
import { resolveConnection } from '../targets';
import { UserError } from '../wrapper';

/**
 * "Launch Instance…" on an image server's image (Image Servers view): the create wizard on a
 * connected server with this image chosen. The server downloads the image itself.
 */
export const launchRemoteImage: Command = {
  id: 'lxd.remoteImage.launch',
  async run(ctx: CommandContext, node?: unknown) {
    if (!(node instanceof RemoteImageNode)) {
      throw new UserError(
        vscode.l10n.t('Choose an image in the Image Servers view, or run "LXD: Create Instance…", which lists every image server.'),
      );
    }
    const c = await resolveConnection(ctx, undefined, `Launch ${imageLabel(node.facts)} on`);
    await runWizard(ctx, c, { image: await chosenForServer(ctx.remotes.images, node.source, node.image, c.server?.kind) });
  },
};
