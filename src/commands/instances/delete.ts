import * as vscode from 'vscode';
import { ApiError } from '../../client';
import { Command, CommandContext } from '../context';
import { resolveInstances } from '../targets';
import { forEachInstance } from './_bulk';

/**
 * Deletes instances after one modal that names them. Running ones are stopped first (force), but
 * only if the user chose "Stop and Delete" in that same modal.
 */
export const deleteInstance: Command = {
  id: 'lxd.instance.delete',
  async run(ctx: CommandContext, ...args: unknown[]) {
    const refs = await resolveInstances(ctx, args, { title: vscode.l10n.t('Delete Instances'), canPickMany: true });
    // The tree may be a moment behind: ask the server which ones run now.
    const states = await Promise.all(
      refs.map((r) =>
        r.connection
          .api(r.project)
          .instances.get(r.name)
          .then((i) => i.status ?? ''),
      ),
    );
    const running = refs.filter((_, i) => states[i] === 'Running' || states[i] === 'Frozen');
    const names = refs.map((r) => `"${r.name}"`).join(', ');
    const message =
      refs.length === 1 ? vscode.l10n.t('Delete instance {0}?', names) : vscode.l10n.t('Delete {0} instances: {1}?', refs.length, names);
    const detail = [
      running.length
        ? `${running.map((r) => `"${r.name}"`).join(', ')} ${running.length === 1 ? 'is' : 'are'} running and will be stopped first.`
        : '',
      'The instance, its snapshots and its root volume are removed for good.',
    ]
      .filter(Boolean)
      .join('\n');
    const action = running.length ? vscode.l10n.t('Stop and Delete') : vscode.l10n.t('Delete');
    const choice = await vscode.window.showWarningMessage(message, { modal: true, detail }, action);
    if (choice !== action) {
      return;
    }
    await forEachInstance(refs, 'Deleting', async (r) => {
      const api = r.connection.api(r.project).instances;
      if (running.includes(r)) {
        await api
          .stop(r.name, { force: true })
          .wait()
          .catch((e) => {
            // Stopped meanwhile: nothing to do.
            if (!(e instanceof ApiError && /not running/i.test(e.lxdMessage))) {
              throw e;
            }
          });
      }
      await api.delete(r.name).wait();
    });
  },
};
