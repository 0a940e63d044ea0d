import * as vscode from 'vscode';
import { Command, CommandContext } from '../context';

/** Opens a terminal with the command that starts the local daemon, for the user to review and run. */
export const startDaemon: Command = {
  id: 'lxd.connection.startDaemon',
  async run(ctx: CommandContext) {
    const flavour = ctx.connections.tried.find((c) => c.exists)?.flavour ?? 'lxd';
    const cmd = flavour === 'incus' ? 'sudo systemctl start incus' : 'sudo snap start lxd 2>/dev/null || sudo systemctl start lxd';
    const t = vscode.window.createTerminal({ name: 'LXD: start daemon' });
    t.show();
    t.sendText(cmd, false);
  },
};
