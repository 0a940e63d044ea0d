import * as vscode from 'vscode';
import { removeDevice } from '../../client/proxyDevices';
import { daemonName } from '../../connections/serverKind';
import { Command, CommandContext } from '../context';
import { failed } from '../wrapper';
import { proxyDeviceTarget } from './_target';

/** Removes a proxy device from its instance, after a modal that names both. */
export const removeProxyDevice: Command = {
  id: 'lxd.proxyDevice.remove',
  async run(ctx: CommandContext, node?: unknown) {
    const d = proxyDeviceTarget(node);
    const instance = d.parent;
    const detail = `${daemonName(d.connection)} stops listening on ${d.device.listen.replace(/^tcp:/, '')}${d.device.bind === 'instance' ? ` inside ${instance.name}` : ''}, and connections through it end. The rest of ${instance.name} is unchanged.`;
    const choice = await vscode.window.showWarningMessage(`Remove the proxy device "${d.name}" from ${instance.name}?`, { modal: true, detail }, 'Remove');
    if (choice !== 'Remove') {
      return;
    }
    try {
      await removeDevice(d.connection.api(instance.project), instance.name, d.name);
    } catch (e) {
      throw failed(`Cannot remove ${d.name} from ${instance.name}`, e);
    }
    void ctx.views.instances.rootOf(d.connection).refreshInstance(instance.project, instance.name);
  },
};
