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
      vscode.l10n.t(
        'Your user needs to be in the "{0}" group to use {1}. Run "sudo usermod -aG {2} $USER" in a terminal, then log out and in again.',
        group,
        socket?.path ?? vscode.l10n.t('the socket'),
        group,
      ),
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
