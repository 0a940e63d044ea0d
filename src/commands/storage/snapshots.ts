import * as vscode from 'vscode';
import { snapshotName } from '../../views/instances/presentation';
import { daemonName } from '../../views/profiles/usedBy';
import { Command, CommandContext } from '../context';
import { signalOf } from '../instances/run';
import { newSnapshotName } from '../instances/snapshots';
import { failed } from '../registry';
import { askText } from '../targets';
import { resolveVolume, resolveVolumeSnapshot } from './target';

export const createVolumeSnapshot: Command = {
  id: 'lxd.volumeSnapshot.create',
  async run(ctx: CommandContext, ...args: unknown[]) {
    const { connection, project, value } = await resolveVolume(ctx, args, 'Create Volume Snapshot');
    const api = connection.api(project).storage;
    const taken = new Set((await api.volumeSnapshots(value.ref)).map((s) => snapshotName(s.name)));
    const next = newSnapshotName(taken);
    const name = await askText({
      title: `Snapshot of volume ${value.ref.name}`,
      value: next.value,
      prompt: 'Snapshot name',
      validateInput: next.validateInput,
    });
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Snapshotting volume ${value.ref.name}`, cancellable: true }, async (progress, token) => {
      try {
        await api.createVolumeSnapshot(value.ref, name).wait({ signal: signalOf(token), onProgress: (p) => progress.report({ message: p.text }) });
      } catch (e) {
        throw failed(`Cannot snapshot volume ${value.ref.name}`, e);
      }
    });
  },
};

export const restoreVolumeSnapshot: Command = {
  id: 'lxd.volumeSnapshot.restore',
  async run(ctx: CommandContext, ...args: unknown[]) {
    const { target, snapshot } = await resolveVolumeSnapshot(ctx, args, 'Restore Volume Snapshot');
    const volume = target.value.ref.name;
    const choice = await vscode.window.showWarningMessage(
      `Restore volume "${volume}" to snapshot "${snapshot}"?`,
      { modal: true, detail: `The volume's current content is replaced by the snapshot's. ${daemonName(target.connection)} refuses while an instance using it runs.` },
      'Restore',
    );
    if (choice !== 'Restore') {
      return;
    }
    await vscode.window.withProgress({ location: { viewId: 'lxd.views.storage' }, title: `Restoring ${volume} to ${snapshot}…` }, async () => {
      try {
        await target.connection.api(target.project).storage.restoreVolumeSnapshot(target.value.ref, snapshot);
      } catch (e) {
        throw failed(`Cannot restore volume ${volume} to ${snapshot}`, e);
      }
    });
  },
};

export const deleteVolumeSnapshot: Command = {
  id: 'lxd.volumeSnapshot.delete',
  async run(ctx: CommandContext, ...args: unknown[]) {
    const { target, snapshot } = await resolveVolumeSnapshot(ctx, args, 'Delete Volume Snapshot');
    const volume = target.value.ref.name;
    const choice = await vscode.window.showWarningMessage(`Delete snapshot "${snapshot}" of volume "${volume}"?`, { modal: true }, 'Delete');
    if (choice !== 'Delete') {
      return;
    }
    await vscode.window.withProgress({ location: { viewId: 'lxd.views.storage' }, title: `Deleting snapshot ${snapshot}…` }, async () => {
      try {
        await target.connection.api(target.project).storage.deleteVolumeSnapshot(target.value.ref, snapshot).wait();
      } catch (e) {
        throw failed(`Cannot delete snapshot ${snapshot} of ${volume}`, e);
      }
    });
  },
};
