import * as vscode from 'vscode';
import { Command, CommandContext } from '../context';
import { storageNameProblem } from '../pools/_validate';
import { resolvePool } from '../pools/_target';
import { askPick, askText } from '../targets';
import { sizeProblem } from './_validate';
import { failed } from '../wrapper';

/** A custom volume in a pool: name, content type (filesystem or block) and an optional size. */
export const createVolume: Command = {
  id: 'lxd.volume.create',
  async run(ctx: CommandContext, ...args: unknown[]) {
    const { connection: c, value: pool } = await resolvePool(ctx, args, vscode.l10n.t('Create Volume'), { autoPickSingle: true });
    const poolName = pool.name ?? '';
    const project = c.defaultProject;
    const api = c.api(project).storage;
    const existing = (await api.volumes(poolName, { type: 'custom' })).map((v) => v.name ?? '');
    const title = (step: string): string => `Create Volume in ${poolName} (${c.name}, ${project}): ${step}`;
    const name = await askText({
      title: title('name'),
      prompt: vscode.l10n.t('Volume name'),
      placeHolder: vscode.l10n.t('e.g. data'),
      validateInput: (v) => storageNameProblem(v, 'volume', existing),
    });
    const contentType = c.hasExtension('custom_block_volumes') ? await pickContentType(title('content')) : 'filesystem';
    const size = (
      await askText({
        title: title('size'),
        prompt: vscode.l10n.t(
          'Size, e.g. 10GiB (optional: Enter for {0})',
          contentType === 'block' ? vscode.l10n.t("the pool's default size") : vscode.l10n.t('no limit where the driver allows it'),
        ),
        validateInput: (v) => sizeProblem(v.trim()),
      })
    ).trim();
    await vscode.window.withProgress(
      { location: { viewId: 'lxd.views.storage' }, title: vscode.l10n.t('Creating volume {0}…', name) },
      async (progress) => {
        try {
          await api
            .createVolume(poolName, { name, content_type: contentType, config: size ? { size } : {} })
            .wait({ onProgress: (p) => progress.report({ message: p.text }) });
        } catch (e) {
          throw failed(vscode.l10n.t('Cannot create volume {0}', name), e);
        }
      },
    );
  },
};

async function pickContentType(title: string): Promise<string> {
  const pick = await askPick(
    [
      { label: 'filesystem', description: 'a directory tree, mounted into containers and VMs' },
      { label: 'block', description: 'a raw disk, for virtual machines' },
    ],
    { title, placeHolder: vscode.l10n.t('Content type'), ignoreFocusOut: true },
  );
  return pick.label;
}
