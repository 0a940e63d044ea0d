import * as vscode from 'vscode';
import { infoUri } from '../../editors/infoDocs';
import { CONFIG_SCHEME, INFO_SCHEME, parseResourceUri, resourceUri } from '../../editors/uris';
import { Command, CommandContext } from '../context';
import { UserError } from '../wrapper';

/**
 * Opens the server's current version beside the user's edited one; a save then replaces that
 * version. Run again, it shows the server's version of that moment (a change made during the merge).
 */
export const compareWithServer: Command = {
  id: 'lxd.config.compareWithServer',
  async run(ctx: CommandContext, uri?: unknown) {
    const given = uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
    // From the server's side of an open compare too: it names the same configuration.
    const isServerSide = given?.scheme === INFO_SCHEME && parseResourceUri(given).view === 'server';
    const target = given && isServerSide ? resourceUri(CONFIG_SCHEME, { ...parseResourceUri(given), view: undefined }) : given;
    if (!target || target.scheme !== CONFIG_SCHEME) {
      throw new UserError(vscode.l10n.t('Open a configuration from the LXD views first (e.g. Edit Configuration).'));
    }
    const a = parseResourceUri(target);
    const server = infoUri({ ...a, view: 'server' });
    // A server side already open keeps what it showed until it is told to read again.
    ctx.infoDocs.refresh(server);
    await vscode.commands.executeCommand('vscode.diff', server, target, `${a.name}: server ↔ yours`);
  },
};
