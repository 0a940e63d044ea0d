import * as vscode from 'vscode';
import { namesOf } from '../../connections/serverKind';
import { Command, CommandContext } from '../context';

/** Opens a terminal with the command that starts the local daemon, for the user to review and run. */
export const startDaemon: Command = {
  id: 'lxd.connection.startDaemon',
  async run(ctx: CommandContext) {
    const cmd = namesOf(ctx.connections.tried.find((c) => c.exists)?.kind).startCommand;
    const t = vscode.window.createTerminal({ name: 'LXD: start daemon' });
    t.show();
    t.sendText(cmd, false);
  },
};
