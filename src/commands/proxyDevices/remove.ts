import * as vscode from 'vscode';
import { removeDevice } from '../../client/proxyDevices';
import { daemonName } from '../../connections/serverKind';
import { Command, CommandContext } from '../context';
import { failed } from '../wrapper';
import { resolveProxyDevice } from './_target';

/** Removes a proxy device from its instance, after a modal that names both. */
export const removeProxyDevice: Command = {
  id: 'lxd.proxyDevice.remove',
  async run(ctx: CommandContext, node?: unknown) {
    const d = await resolveProxyDevice(ctx, node, vscode.l10n.t('Remove Proxy Device'));
    const detail = `${daemonName(d.connection)} stops listening on ${d.device.listen.replace(/^tcp:/, '')}${d.device.bind === 'instance' ? ` inside ${d.instance}` : ''}, and connections through it end. The rest of ${d.instance} is unchanged.`;
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t('Remove the proxy device "{0}" from {1}?', d.device.name, d.instance),
      { modal: true, detail },
      vscode.l10n.t('Remove'),
    );
    if (choice !== vscode.l10n.t('Remove')) {
      return;
    }
    try {
      await removeDevice(d.connection.api(d.project), d.instance, d.device.name);
    } catch (e) {
      throw failed(vscode.l10n.t('Cannot remove {0} from {1}', d.device.name, d.instance), e);
    }
    // The row's devices are read again now (the update event would bring them a moment later).
    ctx.views.instances.rootOf(d.connection).instanceChanged(d.project, d.instance);
  },
};
