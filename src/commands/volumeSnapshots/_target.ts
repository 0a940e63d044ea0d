import * as vscode from 'vscode';
import type { StorageVolumeSnapshot } from '../../generated';
import { VolumeSnapshotNode } from '../../views/storage/volumeNodes';
import { CommandContext } from '../context';
import { Target, askPick } from '../targets';
import { PooledVolume, resolveVolume, volumeOfNode } from '../volumes/_target';
import { snapshotName } from '../../views/format';
import { UserError } from '../wrapper';

/** A snapshot of a custom volume: the clicked one, or a volume then one of its snapshots. */
export async function resolveVolumeSnapshot(
  ctx: CommandContext,
  args: unknown[],
  title: string,
): Promise<{ target: Target<PooledVolume>; snapshot: string }> {
  const [node] = args;
  if (node instanceof VolumeSnapshotNode) {
    return { target: volumeOfNode(node.parent)!, snapshot: node.name };
  }
  const target = await resolveVolume(ctx, args, title);
  const snapshots: StorageVolumeSnapshot[] = await target.connection.api(target.project).storage.volumeSnapshots(target.value.ref);
  if (!snapshots.length) {
    throw new UserError(vscode.l10n.t('The volume {0} has no snapshots.', target.name));
  }
  const pick = await askPick(
    snapshots.map((s) => ({ label: snapshotName(s.name), description: s.description })),
    { title: `${title}: ${target.name}`, placeHolder: 'Choose a snapshot' },
  );
  return { target, snapshot: pick.label };
}
