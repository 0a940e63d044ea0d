import * as vscode from 'vscode';
import { Command, CommandContext } from '../context';
import { failed } from '../registry';
import { InstanceRef, askPick, askText, isSnapshotNode, resolveInstance, selectedNodes } from '../targets';
import { SnapshotNode } from '../../views/instances/instanceNode';
import { snapshotName } from '../../views/instances/presentation';
import { signalOf } from './run';

const SNAPSHOT_NAME = /^[^/\s]+$/;

/** For a new snapshot's name box: the first free `snapN` (counting from how many there are) and the check of what is typed. */
export function newSnapshotName(taken: ReadonlySet<string>): Required<Pick<vscode.InputBoxOptions, 'value' | 'validateInput'>> {
  let n = taken.size;
  while (taken.has(`snap${n}`)) {
    n++;
  }
  return {
    value: `snap${n}`,
    validateInput: (v) => (!SNAPSHOT_NAME.test(v) ? 'A snapshot name cannot be empty or contain "/" or spaces.' : taken.has(v) ? `"${v}" already exists.` : undefined),
  };
}

export const createSnapshot: Command = {
  id: 'lxd.snapshot.create',
  async run(ctx: CommandContext, ...args: unknown[]) {
    const ref = await resolveInstance(ctx, args, { title: 'Create Snapshot' });
    const api = ref.connection.api(ref.project).instances;
    const taken = new Set((await api.snapshots(ref.name)).map((s) => snapshotName(s.name)));
    const next = newSnapshotName(taken);
    const name = await askText({
      title: `Snapshot of ${ref.name}`,
      value: next.value,
      prompt: 'Snapshot name',
      validateInput: next.validateInput,
    });
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Snapshotting ${ref.name}`, cancellable: true }, async (progress, token) => {
      try {
        await api.createSnapshot(ref.name, name).wait({ signal: signalOf(token), onProgress: (p) => progress.report({ message: p.text }) });
      } catch (e) {
        throw failed(`Cannot snapshot ${ref.name}`, e);
      }
    });
  },
};

async function resolveSnapshot(ctx: CommandContext, args: unknown[], title: string): Promise<{ ref: InstanceRef; snapshot: string }> {
  const [node] = selectedNodes(args.slice(0, 1), isSnapshotNode) as SnapshotNode[];
  if (node) {
    return { ref: { connection: node.connection, project: node.parent.project, name: node.parent.name }, snapshot: node.name };
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

export const restoreSnapshot: Command = {
  id: 'lxd.snapshot.restore',
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

export const deleteSnapshot: Command = {
  id: 'lxd.snapshot.delete',
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
