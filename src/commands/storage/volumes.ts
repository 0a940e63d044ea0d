import * as vscode from 'vscode';
import { daemonName, usedByNames } from '../../views/profiles/usedBy';
import { Command, CommandContext } from '../context';
import { failed } from '../registry';
import { askPick, askText, openConfigEditor } from '../targets';
import { resolvePool, resolveVolume } from './target';
import { sizeProblem, storageNameProblem } from './validate';

/** A custom volume in a pool: name, content type (filesystem or block) and an optional size. */
export const createVolume: Command = {
  id: 'lxd.volume.create',
  async run(ctx: CommandContext, ...args: unknown[]) {
    const { connection: c, value: pool } = await resolvePool(ctx, args, 'Create Volume', { autoPickSingle: true });
    const poolName = pool.name ?? '';
    const project = c.defaultProject;
    const api = c.api(project).storage;
    const existing = (await api.volumes(poolName, { type: 'custom' })).map((v) => v.name ?? '');
    const title = (step: string): string => `Create Volume in ${poolName} (${c.name}, ${project}): ${step}`;
    const name = await askText({ title: title('name'), prompt: 'Volume name', placeHolder: 'e.g. data', validateInput: (v) => storageNameProblem(v, 'volume', existing) });
    const contentType = c.hasExtension('custom_block_volumes') ? await pickContentType(title('content')) : 'filesystem';
    const size = (
      await askText({
        title: title('size'),
        prompt: `Size, e.g. 10GiB (optional: Enter for ${contentType === 'block' ? "the pool's default size" : 'no limit where the driver allows it'})`,
        validateInput: (v) => sizeProblem(v.trim()),
      })
    ).trim();
    await vscode.window.withProgress({ location: { viewId: 'lxd.views.storage' }, title: `Creating volume ${name}…` }, async (progress) => {
      try {
        await api.createVolume(poolName, { name, content_type: contentType, config: size ? { size } : {} }).wait({ onProgress: (p) => progress.report({ message: p.text }) });
      } catch (e) {
        throw failed(`Cannot create volume ${name}`, e);
      }
    });
  },
};

async function pickContentType(title: string): Promise<string> {
  const pick = await askPick(
    [
      { label: 'filesystem', description: 'a directory tree, mounted into containers and VMs' },
      { label: 'block', description: 'a raw disk, for virtual machines' },
    ],
    { title, placeHolder: 'Content type', ignoreFocusOut: true },
  );
  return pick.label;
}

export const editVolume: Command = {
  id: 'lxd.volume.edit',
  async run(ctx: CommandContext, ...args: unknown[]) {
    const target = await resolveVolume(ctx, args, 'Edit Volume');
    const { pool, ref } = target.value;
    await openConfigEditor(target, 'volume', `${pool}/${ref.type}/${ref.name}`);
  },
};

/** LXD refuses to delete a volume attached to an instance or profile; it says so in its words. */
export const deleteVolume: Command = {
  id: 'lxd.volume.delete',
  async run(ctx: CommandContext, ...args: unknown[]) {
    const { connection, project, value } = await resolveVolume(ctx, args, 'Delete Volume');
    const api = connection.api(project).storage;
    const [current, snapshots] = await Promise.all([api.volume(value.ref), api.volumeSnapshots(value.ref)]);
    const usedBy = usedByNames(current.used_by);
    const detail = usedBy.length
      ? `It is attached to ${usedBy.join(', ')}. ${daemonName(connection)} refuses to delete a volume in use: detach it first.`
      : `Nothing uses it. Its data${snapshots.length ? ` and its ${snapshots.length} snapshot${snapshots.length > 1 ? 's' : ''}` : ''} are removed for good.`;
    const choice = await vscode.window.showWarningMessage(`Delete volume "${value.ref.name}" from pool ${value.pool}?`, { modal: true, detail }, 'Delete');
    if (choice !== 'Delete') {
      return;
    }
    await vscode.window.withProgress({ location: { viewId: 'lxd.views.storage' }, title: `Deleting volume ${value.ref.name}…` }, async () => {
      try {
        await api.deleteVolume(value.ref);
      } catch (e) {
        throw failed(`Cannot delete volume ${value.ref.name}`, e);
      }
    });
  },
};
