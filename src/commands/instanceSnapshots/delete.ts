import * as vscode from 'vscode';
import { Command, CommandContext } from '../context';
import { resolveSnapshot } from './_shared';
import { failed } from '../wrapper';

export const deleteSnapshot: Command = {
  id: 'lxd.instanceSnapshot.delete',
  async run(ctx: CommandContext, ...args: unknown[]) {
    const { ref, snapshot } = await resolveSnapshot(ctx, args, 'Delete Snapshot');
    const choice = await vscode.window.showWarningMessage(`Delete snapshot "${snapshot}" of "${ref.name}"?`, { modal: true }, 'Delete');
    if (choice !== 'Delete') {
      return;
    }
    try {
      await ref.connection.api(ref.project).instances.deleteSnapshot(ref.name, snapshot).wait();
    } catch (e) {
      throw failed(`Cannot delete snapshot ${snapshot} of ${ref.name}`, e);
    }
  },
};
