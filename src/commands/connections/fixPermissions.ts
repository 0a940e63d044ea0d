import * as vscode from 'vscode';
import { namesOf } from '../../connections/serverKind';
import { Command, CommandContext } from '../context';

/** Opens a terminal with the command that grants socket access, for the user to review and run. */
export const fixPermissions: Command = {
  id: 'lxd.connection.fixPermissions',
  async run(ctx: CommandContext) {
    const socket = ctx.connections.tried.find((c) => c.exists && !c.accessible);
    const group = socket?.group ?? namesOf(socket?.kind).socketGroup;
    const choice = await vscode.window.showInformationMessage(
      `Your user needs to be in the "${group}" group to use ${socket?.path ?? 'the socket'}. Run "sudo usermod -aG ${group} $USER" in a terminal, then log out and in again.`,
      { modal: true },
      'Open Terminal with Command',
    );
    if (choice) {
      const t = vscode.window.createTerminal({ name: 'LXD: socket access' });
      t.show();
      // Typed, not run: sudo asks for a password and the user should see what runs.
      t.sendText(`sudo usermod -aG ${group} "$USER"`, false);
    }
  },
};
