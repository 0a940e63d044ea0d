import * as vscode from 'vscode';
import { ApiError } from '../../client';
import { settings } from '../../settings';
import { Command, CommandContext } from '../context';
import { InstanceRef, resolveInstances } from '../targets';
import { forEachInstance } from './run';

const isRunning = (status?: string): boolean => status === 'Running';

function api(ref: InstanceRef) {
  return ref.connection.api(ref.project).instances;
}

export const startInstance: Command = {
  id: 'lxd.instance.start',
  async run(ctx: CommandContext, ...args: unknown[]) {
    const refs = await resolveInstances(ctx, args, { title: 'Start Instances', canPickMany: true, filter: (i) => i.status === 'Stopped', noneMessage: 'No stopped instance to start.' });
    await forEachInstance(refs, 'Starting', (r) => api(r).start(r.name).wait());
  },
};

/**
 * A clean stop, bounded by `lxd.stop.timeout`. Busybox-like inits ignore the shutdown signal, so
 * when LXD gives up, the user is offered a force stop rather than a bare error.
 */
export const stopInstance: Command = {
  id: 'lxd.instance.stop',
  async run(ctx: CommandContext, ...args: unknown[]) {
    const refs = await resolveInstances(ctx, args, { title: 'Stop Instances', canPickMany: true, filter: (i) => isRunning(i.status) || i.status === 'Frozen', noneMessage: 'No running instance to stop.' });
    const timeout = settings().stopTimeoutSeconds;
    const stubborn: InstanceRef[] = [];
    await forEachInstance(refs, 'Stopping', async (r) => {
      try {
        await api(r).stop(r.name, { timeout }).wait();
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
      const choice = await vscode.window.showWarningMessage(`${names} did not stop within ${timeout} s (the instance ignored the shutdown request).`, 'Force Stop');
      if (choice === 'Force Stop') {
        await forEachInstance(stubborn, 'Force stopping', (r) => api(r).stop(r.name, { force: true }).wait());
      }
    }
  },
};

export const forceStopInstance: Command = {
  id: 'lxd.instance.forceStop',
  async run(ctx: CommandContext, ...args: unknown[]) {
    const refs = await resolveInstances(ctx, args, { title: 'Force Stop Instances', canPickMany: true, filter: (i) => isRunning(i.status) || i.status === 'Frozen', noneMessage: 'No running instance to stop.' });
    await forEachInstance(refs, 'Force stopping', (r) => api(r).stop(r.name, { force: true }).wait());
  },
};

export const restartInstance: Command = {
  id: 'lxd.instance.restart',
  async run(ctx: CommandContext, ...args: unknown[]) {
    const refs = await resolveInstances(ctx, args, { title: 'Restart Instances', canPickMany: true, filter: (i) => isRunning(i.status), noneMessage: 'No running instance to restart.' });
    const timeout = settings().stopTimeoutSeconds;
    await forEachInstance(refs, 'Restarting', async (r) => {
      try {
        await api(r).restart(r.name, { timeout }).wait();
      } catch (e) {
        if (!(e instanceof ApiError && e.operationId)) {
          throw e;
        }
        const choice = await vscode.window.showWarningMessage(`${r.name} did not shut down within ${timeout} s: ${e.lxdMessage}`, 'Force Restart');
        if (choice === 'Force Restart') {
          await api(r).restart(r.name, { force: true }).wait();
        }
      }
    });
  },
};

export const freezeInstance: Command = {
  id: 'lxd.instance.freeze',
  async run(ctx: CommandContext, ...args: unknown[]) {
    const refs = await resolveInstances(ctx, args, { title: 'Freeze Instances', canPickMany: true, filter: (i) => isRunning(i.status), noneMessage: 'No running instance to freeze.' });
    await forEachInstance(refs, 'Freezing', (r) => api(r).freeze(r.name).wait());
  },
};

export const unfreezeInstance: Command = {
  id: 'lxd.instance.unfreeze',
  async run(ctx: CommandContext, ...args: unknown[]) {
    const refs = await resolveInstances(ctx, args, { title: 'Unfreeze Instances', canPickMany: true, filter: (i) => i.status === 'Frozen', noneMessage: 'No frozen instance.' });
    await forEachInstance(refs, 'Unfreezing', (r) => api(r).unfreeze(r.name).wait());
  },
};
