import * as vscode from 'vscode';
import { ImageSourceNode } from '../../remotes/imageServersView';
import { Command, CommandContext } from '../context';
import { runWizard } from '../instances/_wizard';
import { askPick, resolveConnection } from '../targets';
import { UserError } from '../wrapper';

/**
 * "Launch Instance from Image Server…": the create wizard listing only this image server's images
 * (searched as in the wizard). From the palette, the image server is chosen first.
 */
export const launchFromImageServer: Command = {
  id: 'lxd.imageServer.launch',
  async run(ctx: CommandContext, node?: unknown) {
    const source = node instanceof ImageSourceNode ? node.source : await pickSource(ctx);
    if (!source.server) {
      throw new UserError(`${source.name}: ${source.problem ?? 'cannot be read.'}`);
    }
    const c = await resolveConnection(ctx, undefined, `Launch from ${source.name}: on`);
    await runWizard(ctx, c, { source });
  },
};

async function pickSource(ctx: CommandContext): Promise<ImageSourceNode['source']> {
  const sources = (await ctx.remotes.images.sources()).filter((s) => s.server);
  if (!sources.length) {
    throw new UserError(
      vscode.l10n.t('There is no image server to launch from: add one to the lxd.imageServers setting, or with "lxc remote add".'),
    );
  }
  const pick = await askPick(
    sources.map((source) => ({ label: `${source.name}:`, description: `${source.origin} · ${source.url}`, source })),
    { title: 'Launch Instance from Image Server', placeHolder: 'Choose an image server' },
  );
  return pick.source;
}
