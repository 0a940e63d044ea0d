import * as vscode from 'vscode';
import { signalOf } from '../../util/signal';
import { Command, CommandContext } from '../context';
import { newSnapshotName } from '../instanceSnapshots/_shared';
import { askText } from '../targets';
import { resolveVolume } from '../volumes/_target';
import { snapshotName } from '../../views/format';
import { failed } from '../wrapper';

export const createVolumeSnapshot: Command = {
  id: 'lxd.volumeSnapshot.create',
  async run(ctx: CommandContext, ...args: unknown[]) {
    const { connection, project, name: volume, value } = await resolveVolume(ctx, args, vscode.l10n.t('Create Volume Snapshot'));
    const api = connection.api(project).storage;
    const taken = new Set((await api.volumeSnapshots(value.ref)).map((s) => snapshotName(s.name)));
    const next = newSnapshotName(taken);
    const name = await askText({
      title: vscode.l10n.t('Snapshot of volume {0}', volume),
      value: next.value,
      prompt: vscode.l10n.t('Snapshot name'),
      validateInput: next.validateInput,
    });
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Snapshotting volume {0}', volume), cancellable: true },
      async (progress, token) => {
        try {
          await api
            .createVolumeSnapshot(value.ref, name)
            .wait({ signal: signalOf(token), onProgress: (p) => progress.report({ message: p.text }) });
        } catch (e) {
          throw failed(vscode.l10n.t('Cannot snapshot volume {0}', volume), e);
        }
      },
    );
  },
};
