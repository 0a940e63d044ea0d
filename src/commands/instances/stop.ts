import * as vscode from 'vscode';
import type { Instance } from '../../generated';
import { ApiError } from '../../client';
import { settings } from '../../settings';
import { Command, CommandContext } from '../context';
import { Target, resolveInstances } from '../targets';
import { forEachInstance, instancesApi, isRunning } from './_bulk';

/**
 * A clean stop, bounded by `lxd.stop.timeout`. Busybox-like inits ignore the shutdown signal, so
 * when LXD gives up, the user is offered a force stop rather than a bare error.
 */
export const stopInstance: Command = {
  id: 'lxd.instance.stop',
  async run(ctx: CommandContext, ...args: unknown[]) {
    const refs = await resolveInstances(ctx, args, {
      title: vscode.l10n.t('Stop Instances'),
      canPickMany: true,
      filter: (i) => isRunning(i.status) || i.status === 'Frozen',
      noneMessage: vscode.l10n.t('No running instance to stop.'),
    });
    const timeout = settings().stopTimeoutSeconds;
    const stubborn: Target<Instance>[] = [];
    await forEachInstance(refs, 'Stopping', async (r) => {
      try {
        await instancesApi(r).stop(r.name, { timeout }).wait();
      } catch (e) {
        if (e instanceof ApiError && e.operationId && /shut(ting)? down|timed? ?out|status is/i.test(e.lxdMessage)) {
          stubborn.push(r);
          return;
        }
        throw e;
      }
    });
    if (stubborn.length) {
      const names = stubborn.map((r) => r.name).join(', ');
      const choice = await vscode.window.showWarningMessage(
        vscode.l10n.t('{0} did not stop within {1} s (the instance ignored the shutdown request).', names, timeout),
        vscode.l10n.t('Force Stop'),
      );
      if (choice === vscode.l10n.t('Force Stop')) {
        await forEachInstance(stubborn, 'Force stopping', (r) => instancesApi(r).stop(r.name, { force: true }).wait());
      }
    }
  },
};
