import * as vscode from 'vscode';
import { infoUri } from '../../editors/infoDocs';
import { CONFIG_SCHEME, parseResourceUri } from '../../editors/uris';
import { Command, CommandContext } from '../context';
import { UserError } from '../wrapper';

/** Opens the server's current version beside the user's edited one. */
export const compareWithServer: Command = {
  id: 'lxd.config.compareWithServer',
  async run(_ctx: CommandContext, uri?: unknown) {
    const target = uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
    if (!target || target.scheme !== CONFIG_SCHEME) {
      throw new UserError(vscode.l10n.t('Open a configuration from the LXD views first (e.g. Edit Configuration).'));
    }
    const a = parseResourceUri(target);
    const server = infoUri({ ...a, view: 'server' });
    await vscode.commands.executeCommand('vscode.diff', server, target, `${a.name}: server ↔ yours`);
  },
};
