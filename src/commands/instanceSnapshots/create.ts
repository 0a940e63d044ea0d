import * as vscode from 'vscode';
import { signalOf } from '../../util/signal';
import { Command, CommandContext } from '../context';
import { askText, resolveInstance } from '../targets';
import { newSnapshotName } from './_shared';
import { snapshotName } from '../../views/format';
import { failed } from '../wrapper';

export const createSnapshot: Command = {
  id: 'lxd.instanceSnapshot.create',
  async run(ctx: CommandContext, ...args: unknown[]) {
    const ref = await resolveInstance(ctx, args, { title: vscode.l10n.t('Create Snapshot') });
    const api = ref.connection.api(ref.project).instances;
    const taken = new Set((await api.snapshots(ref.name)).map((s) => snapshotName(s.name)));
    const next = newSnapshotName(taken);
    const name = await askText({
      title: vscode.l10n.t('Snapshot of {0}', ref.name),
      value: next.value,
      prompt: vscode.l10n.t('Snapshot name'),
      validateInput: next.validateInput,
    });
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Snapshotting {0}', ref.name), cancellable: true },
      async (progress, token) => {
        try {
          await api
            .createSnapshot(ref.name, name)
            .wait({ signal: signalOf(token), onProgress: (p) => progress.report({ message: p.text }) });
        } catch (e) {
          throw failed(vscode.l10n.t('Cannot snapshot {0}', ref.name), e);
        }
      },
    );
  },
};
