import * as assert from 'node:assert/strict';
import { forwardingDevice, loopbackListenPort, parseProxyAddress, proxyDevices, webDeviceName } from '../../../src/client/proxyDevices';

describe('Proxy devices of an instance', () => {
  it('reads a TCP end of a proxy device, IPv6 in brackets; not unix sockets, UDP or port ranges', () => {
    assert.deepEqual(parseProxyAddress('tcp:127.0.0.1:8000'), { address: '127.0.0.1', port: 8000 });
    assert.deepEqual(parseProxyAddress('tcp:[::1]:8080'), { address: '::1', port: 8080 });
    assert.deepEqual(parseProxyAddress('tcp:0.0.0.0:80'), { address: '0.0.0.0', port: 80 });
    for (const other of ['unix:/run/x.sock', 'udp:127.0.0.1:53', 'tcp:127.0.0.1:8000-8010', 'tcp:127.0.0.1:0', 'tcp:127.0.0.1:70000', '']) {
      assert.equal(parseProxyAddress(other), undefined, other);
    }
  });

  it('lists only the proxy devices of the instance itself, by name', () => {
    const devices = proxyDevices({
      devices: {
        root: { type: 'disk', path: '/', pool: 'default' },
        'vscode-web-8000': { type: 'proxy', listen: 'tcp:127.0.0.1:40123', connect: 'tcp:127.0.0.1:8000' },
        db: { type: 'proxy', listen: 'tcp:0.0.0.0:5432', connect: 'tcp:127.0.0.1:5432', bind: 'instance' },
      },
    });
    assert.deepEqual(devices, [
      { name: 'db', listen: 'tcp:0.0.0.0:5432', connect: 'tcp:127.0.0.1:5432', bind: 'instance' },
      { name: 'vscode-web-8000', listen: 'tcp:127.0.0.1:40123', connect: 'tcp:127.0.0.1:8000', bind: 'host' },
    ]);
    assert.deepEqual(proxyDevices({ devices: null }), []);
  });

  it('finds a device that already forwards a loopback port of the server to the port', () => {
    const devices = proxyDevices({
      devices: {
        public: { type: 'proxy', listen: 'tcp:0.0.0.0:80', connect: 'tcp:127.0.0.1:8000' },
        inward: { type: 'proxy', listen: 'tcp:127.0.0.1:9999', connect: 'tcp:127.0.0.1:8000', bind: 'instance' },
        web: { type: 'proxy', listen: 'tcp:127.0.0.1:40123', connect: 'tcp:127.0.0.1:8000' },
      },
    });
    assert.equal(forwardingDevice(devices, 8000)?.name, 'web');
    assert.equal(forwardingDevice(devices, 8000)?.hostPort, 40123);
    assert.equal(forwardingDevice(devices, 8080), undefined);
  });

  it('knows the loopback port of the server a device listens on, the one a browser there opens', () => {
    const d = (listen: string, bind?: string) =>
      proxyDevices({ devices: { d: { type: 'proxy', listen, connect: 'tcp:127.0.0.1:8000', ...(bind ? { bind } : {}) } } })[0];
    assert.equal(loopbackListenPort(d('tcp:127.0.0.1:40123')), 40123);
    assert.equal(loopbackListenPort(d('tcp:[::1]:40123')), 40123);
    assert.equal(loopbackListenPort(d('tcp:0.0.0.0:80')), undefined, 'every address: not only the loopback');
    assert.equal(loopbackListenPort(d('tcp:127.0.0.1:9999', 'instance')), undefined, 'it listens inside the instance');
    assert.equal(loopbackListenPort(d('unix:/run/web.sock')), undefined);
  });

  it('names the device after the port, and picks a free name when that one is taken', () => {
    assert.equal(webDeviceName(8000), 'vscode-web-8000');
    assert.equal(webDeviceName(8000, ['vscode-web-8000', 'vscode-web-8000-2']), 'vscode-web-8000-3');
  });
});
