import { ProxyDeviceNode } from '../../views/instances/proxyDeviceNode';
import { UserError } from '../wrapper';

/** A proxy device command acts on the device's row under its instance. */
export function proxyDeviceTarget(node: unknown): ProxyDeviceNode {
  if (!(node instanceof ProxyDeviceNode)) {
    throw new UserError('Choose a proxy device under its instance in the Instances view.');
  }
  return node;
}
