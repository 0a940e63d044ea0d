import * as vscode from 'vscode';
import type { Instance } from '../../generated';
import { SnapshotNode } from '../../views/instances/instanceNode';
import { CommandContext } from '../context';
import { Target, askPick, instanceTarget, isSnapshotNode, resolveInstance } from '../targets';
import { snapshotName } from '../../views/format';
import { selectedNodes } from '../selection';

const SNAPSHOT_NAME = /^[^/\s]+$/;

/** For a new snapshot's name box: the first free `snapN` (counting from how many there are) and the check of what is typed. */
export function newSnapshotName(taken: ReadonlySet<string>): Required<Pick<vscode.InputBoxOptions, 'value' | 'validateInput'>> {
  let n = taken.size;
  while (taken.has(`snap${n}`)) {
    n++;
  }
  return {
    value: `snap${n}`,
    validateInput: (v) =>
      !SNAPSHOT_NAME.test(v)
        ? 'A snapshot name cannot be empty or contain "/" or spaces.'
        : taken.has(v)
          ? `"${v}" already exists.`
          : undefined,
  };
}

/** The snapshot a command acts on: the clicked one, or an instance then one of its snapshots. */
export async function resolveSnapshot(
  ctx: CommandContext,
  args: unknown[],
  title: string,
): Promise<{ ref: Target<Instance>; snapshot: string }> {
  const [node] = selectedNodes(args.slice(0, 1), isSnapshotNode) as SnapshotNode[];
  if (node) {
    return { ref: instanceTarget(node.parent), snapshot: node.name };
  }
  const ref = await resolveInstance(ctx, args, { title });
  const snaps = await ref.connection.api(ref.project).instances.snapshots(ref.name);
  if (!snaps.length) {
    throw new Error(`${ref.name} has no snapshots.`);
  }
  const pick = await askPick(
    snaps.map((s) => ({ label: snapshotName(s.name), description: s.created_at ? new Date(s.created_at).toLocaleString() : '' })),
    { title: `${title}: ${ref.name}`, placeHolder: 'Choose a snapshot' },
  );
  return { ref, snapshot: pick.label };
}
