import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import { readListeningPorts } from '../../src/client/listeningPorts';
import { addForward, forwardingDevice, isPortTaken, proxyDevices, removeDevice } from '../../src/client/proxyDevices';
import { cli } from '../support/cli';
import { eventually, forEachTarget, useSuite } from '../support/fixtures';
import { testbed } from '../support/testbed';

/** A loopback port free on this machine now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * What "Open in Browser" builds on: the ports listening inside an instance, read through exec, and
 * a proxy device from the server's loopback to a port inside a container that has no NIC.
 */
forEachTarget('reaching ports inside an instance', (target) => {
  const s = useSuite(target);
  const { project } = testbed();
  let name: string;

  before(async function () {
    this.timeout(60_000);
    name = await s.fx.create('reach', { start: true });
    // The test image's init leaves loopback down; busybox httpd serves one page on 127.0.0.1:8000.
    const served = await s.client.exec.run(name, {
      command: [
        'sh',
        '-c',
        `ip link set lo up && mkdir -p /www && echo "hello from ${name}" > /www/index.html && busybox httpd -p 127.0.0.1:8000 -h /www`,
      ],
    });
    assert.equal(served.exitCode, 0, served.stderr.toString());
  });

  it('lists the TCP ports listening inside, with the process behind each', async () => {
    const ports = await eventually(async () => {
      const list = await readListeningPorts(s.client, name);
      return list.some((p) => p.port === 8000) ? list : undefined;
    }, 'port 8000 listens');
    const web = ports.find((p) => p.port === 8000)!;
    assert.deepEqual(web.addresses, ['127.0.0.1']);
    assert.equal(web.loopbackOnly, true);
    assert.match(web.processes.join(' '), /httpd/);
  });

  it('forwards a loopback port of the server into the container; the device shows in the CLI and goes when removed', async () => {
    const hostPort = await freePort();
    const device = await addForward(s.client, name, { name: 'vscode-web-8000', port: 8000, hostPort });
    assert.equal(device.listen, `tcp:127.0.0.1:${hostPort}`);
    const shown = cli(target, ['config', 'device', 'show', name, '--project', project]);
    assert.match(shown, new RegExp(`vscode-web-8000:\\n(\\s+\\S.*\\n)*\\s+listen: tcp:127.0.0.1:${hostPort}`));

    const page = await eventually(async () => (await fetch(`http://127.0.0.1:${hostPort}/`)).text(), 'the page answers through the device');
    assert.equal(page.trim(), `hello from ${name}`);
    const instance = await s.client.instances.get(name);
    assert.equal(forwardingDevice(proxyDevices(instance), 8000)?.hostPort, hostPort);

    await removeDevice(s.client, name, 'vscode-web-8000');
    assert.doesNotMatch(cli(target, ['config', 'device', 'show', name, '--project', project]), /vscode-web-8000/);
    await assert.rejects(fetch(`http://127.0.0.1:${hostPort}/`), 'nothing listens there any more');
    // Removing a device that is gone is no error.
    await removeDevice(s.client, name, 'vscode-web-8000');
  });

  it('refuses a listening port that is taken on the server, and adds nothing', async () => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as net.AddressInfo).port;
    try {
      await assert.rejects(addForward(s.client, name, { name: 'vscode-web-taken', port: 8000, hostPort: port }), (e) => isPortTaken(e));
      assert.equal((await s.client.instances.get(name)).devices?.['vscode-web-taken'], undefined);
    } finally {
      taken.close();
    }
  });
});
