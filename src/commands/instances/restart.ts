import * as vscode from 'vscode';
import { ApiError } from '../../client';
import { settings } from '../../settings';
import { Command, CommandContext } from '../context';
import { resolveInstances } from '../targets';
import { forEachInstance, instancesApi, isRunning } from './_bulk';

export const restartInstance: Command = {
  id: 'lxd.instance.restart',
  async run(ctx: CommandContext, ...args: unknown[]) {
    const refs = await resolveInstances(ctx, args, {
      title: vscode.l10n.t('Restart Instances'),
      canPickMany: true,
      filter: (i) => isRunning(i.status),
      noneMessage: vscode.l10n.t('No running instance to restart.'),
    });
    const timeout = settings().stopTimeoutSeconds;
    await forEachInstance(refs, 'Restarting', async (r) => {
      try {
        await instancesApi(r).restart(r.name, { timeout }).wait();
      } catch (e) {
        if (!(e instanceof ApiError && e.operationId)) {
          throw e;
        }
        const choice = await vscode.window.showWarningMessage(
          vscode.l10n.t('{0} did not shut down within {1} s: {2}', r.name, timeout, e.lxdMessage),
          vscode.l10n.t('Force Restart'),
        );
        if (choice === vscode.l10n.t('Force Restart')) {
          await instancesApi(r).restart(r.name, { force: true }).wait();
        }
      }
    });
  },
};
