import * as vscode from 'vscode';
import type { Instance } from '../../generated';
import { ProxyDevice, proxyDevices } from '../../client/proxyDevices';
import { Connection } from '../../connections/connection';
import { ProxyDeviceNode, describeProxyDevice } from '../../views/instances/proxyDeviceNode';
import { CommandContext } from '../context';
import { pickAcross } from '../targets';

/** A proxy device of an instance, from its row under the instance or picked. */
export interface ProxyDeviceRef {
  connection: Connection;
  project: string;
  instance: string;
  device: ProxyDevice;
}

/**
 * The device whose row was clicked; else (the palette, or a row the tree was redrawing as the
 * menu was used, which reaches the command without its node) one picked from every instance's.
 */
export async function resolveProxyDevice(ctx: CommandContext, node: unknown, title: string): Promise<ProxyDeviceRef> {
  if (node instanceof ProxyDeviceNode) {
    return { connection: node.connection, project: node.parent.project, instance: node.parent.name, device: node.device };
  }
  const [picked] = await pickAcross<{ instance: Instance; device: ProxyDevice }>(ctx, {
    title,
    noun: 'proxy devices',
    noneMessage: vscode.l10n.t('No instance has a proxy device.'),
    list: async (c) =>
      (await c.api().instances.list({ allProjects: c.allProjects })).flatMap((instance) =>
        proxyDevices(instance).map((device) => ({ instance, device })),
      ),
    nameOf: (v) => v.device.name,
    projectOf: (v, c) => v.instance.project ?? c.project,
    item: (v, c) => ({
      label: v.device.name,
      description: `${v.instance.name} · ${describeProxyDevice(v.device)}`,
      detail: c.name,
      iconPath: new vscode.ThemeIcon('plug'),
    }),
  });
  return {
    connection: picked.connection,
    project: picked.project,
    instance: picked.value.instance.name ?? '',
    device: picked.value.device,
  };
}
