import { loopbackListenPort } from '../../client/proxyDevices';
import { isLocalServer } from '../instances/_browserRoute';
import { openLoopbackPort } from '../instances/_browser';
import { Command, CommandContext } from '../context';
import { UserError } from '../wrapper';
import { resolveProxyDevice } from './_target';

/** Opens the server's end of a proxy device (a TCP port on its loopback) in the browser. */
export const openProxyDeviceInBrowser: Command = {
  id: 'lxd.proxyDevice.openInBrowser',
  async run(ctx: CommandContext, node?: unknown) {
    const d = await resolveProxyDevice(ctx, node, 'Open a Proxy Device in the Browser');
    const port = loopbackListenPort(d.device);
    if (port === undefined) {
      throw new UserError(
        `${d.device.name} does not listen on a TCP port of the server's loopback: there is nothing here to open in a browser.`,
      );
    }
    if (!isLocalServer(d.connection.spec.address)) {
      throw new UserError(
        `${d.device.name} listens on 127.0.0.1:${port} of ${d.connection.name}, another machine: forward that port to this one (an SSH tunnel), then open http://127.0.0.1:${port}.`,
      );
    }
    await openLoopbackPort(port);
  },
};
