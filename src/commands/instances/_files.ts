import * as vscode from 'vscode';
import type { Instance } from '../../generated';
import { instanceUri } from '../../files/provider';
import { InstanceFileNode } from '../../views/instances/filesNode';
import { CommandContext } from '../context';
import { Target, resolveInstance } from '../targets';
import { ensureRunning } from './_running';

/**
 * The instance whose files a command shows: the one clicked (its row, or its Files node or one of
 * its files), else picked. Its files are listed through its running init (a VM's through its
 * agent): a stopped instance is offered a start first.
 */
export async function filesInstance(ctx: CommandContext, args: unknown[], title: string): Promise<Target<Instance>> {
  const clicked = args[0] instanceof InstanceFileNode ? [args[0].instanceNode] : args;
  const ref = await resolveInstance(ctx, clicked, { title, noneMessage: vscode.l10n.t('There is no instance to browse.') });
  if (await ensureRunning(ref, 'browse its files')) {
    ctx.views.instances.rootOf(ref.connection).instanceChanged(ref.project, ref.name, 'Running');
  }
  return ref;
}

/** The `lxd:` URI of an instance's `/`: its folder in the workspace. */
export function rootUri(ref: Target<Instance>): vscode.Uri {
  return instanceUri({ connectionId: ref.connection.id, project: ref.project, instance: ref.name, path: '/' });
}
