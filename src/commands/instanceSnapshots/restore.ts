import * as vscode from 'vscode';
import { Command, CommandContext } from '../context';
import { resolveSnapshot } from './_shared';
import { failed } from '../wrapper';

export const restoreSnapshot: Command = {
  id: 'lxd.instanceSnapshot.restore',
  async run(ctx: CommandContext, ...args: unknown[]) {
    const { ref, snapshot } = await resolveSnapshot(ctx, args, 'Restore Snapshot');
    const choice = await vscode.window.showWarningMessage(
      `Restore "${ref.name}" to snapshot "${snapshot}"?`,
      { modal: true, detail: 'The instance\'s current filesystem and configuration are replaced by the snapshot\'s.' },
      'Restore',
    );
    if (choice !== 'Restore') {
      return;
    }
    await vscode.window.withProgress({ location: { viewId: 'lxd.views.instances' }, title: `Restoring ${ref.name}` }, async () => {
      try {
        await ref.connection.api(ref.project).instances.restoreSnapshot(ref.name, snapshot).wait();
      } catch (e) {
        throw failed(`Cannot restore ${ref.name} to ${snapshot}`, e);
      }
    });
  },
};
