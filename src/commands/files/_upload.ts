import * as vscode from 'vscode';
import { InstanceFiles, InstanceRef } from '../../files/instanceFiles';
import { signalOf } from '../../util/signal';
import { CommandContext } from '../context';

/** What an upload's work gets: its own session, where it goes, the notification, and where to say what landed. */
export interface Uploading {
  own: InstanceFiles;
  ref: InstanceRef;
  progress: vscode.Progress<{ message?: string; increment?: number }>;
  signal: AbortSignal;
  landed(change: vscode.FileChangeEvent): void;
}

/**
 * Runs an upload into `t` in a cancellable notification, on a session of its own (each file lands
 * atomically: a temporary, then a rename). What landed is announced afterwards, even when a later
 * file failed, so it shows in the folder, in the Explorer and under the instance's Files node
 * (refreshing the Explorer instead would also bring it to the front).
 */
export async function uploading(
  ctx: CommandContext,
  t: { connection: { id: string }; project: string; instance: string; path: string },
  work: (u: Uploading) => Promise<void>,
): Promise<void> {
  const own = new InstanceFiles({ leftovers: ctx.leftovers });
  const ref = { connectionId: t.connection.id, project: t.project, instance: t.instance };
  const landed: vscode.FileChangeEvent[] = [];
  try {
    await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: vscode.l10n.t('Uploading to {0}:{1}', t.instance, t.path),
        cancellable: true,
      },
      (progress, token) => work({ own, ref, progress, signal: signalOf(token), landed: (c) => landed.push(c) }),
    );
  } finally {
    own.dispose();
    ctx.instanceFs.announce(landed);
  }
}
