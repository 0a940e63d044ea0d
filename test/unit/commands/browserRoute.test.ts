import * as assert from 'node:assert/strict';
import type { ListeningPort } from '../../../src/client/listeningPorts';
import { RouteInput, chooseRoute, describePort, isLocalServer } from '../../../src/commands/instances/_browserRoute';

const loopbackOnly: ListeningPort = { port: 8000, addresses: ['127.0.0.1'], processes: ['busybox httpd'], loopbackOnly: true };
const everywhere: ListeningPort = { port: 8000, addresses: ['0.0.0.0', '::'], processes: ['nginx'], loopbackOnly: false };
const onOneAddress: ListeningPort = { port: 8000, addresses: ['10.1.1.5'], processes: [], loopbackOnly: false };

const input = (i: Partial<RouteInput>): RouteInput => ({
  port: 8000,
  addresses: [],
  vm: false,
  serverLocal: true,
  browserLocal: true,
  ...i,
});

describe('How Open in Browser reaches a port inside an instance', () => {
  it('opens the instance address directly when the browser is on the server machine and the port listens there', () => {
    assert.deepEqual(chooseRoute(input({ listener: everywhere, addresses: ['10.1.1.5'] })), {
      kind: 'direct',
      url: 'http://10.1.1.5:8000/',
    });
    assert.deepEqual(chooseRoute(input({ listener: onOneAddress, addresses: ['10.1.1.9', '10.1.1.5'] })), {
      kind: 'direct',
      url: 'http://10.1.1.5:8000/',
    });
    // A port the user typed (not seen listening) is tried on the instance's address.
    assert.deepEqual(chooseRoute(input({ addresses: ['10.1.1.5'] })), { kind: 'direct', url: 'http://10.1.1.5:8000/' });
  });

  it('adds a proxy device when the port listens on loopback only, or the instance has no address (no NIC)', () => {
    assert.deepEqual(chooseRoute(input({ listener: loopbackOnly, addresses: ['10.1.1.5'] })), { kind: 'proxy' });
    assert.deepEqual(chooseRoute(input({ listener: everywhere })), { kind: 'proxy' });
  });

  it('goes through the server loopback when the browser is elsewhere (code-server, a remote window), even with an address', () => {
    assert.deepEqual(chooseRoute(input({ listener: everywhere, addresses: ['10.1.1.5'], browserLocal: false })), { kind: 'proxy' });
  });

  it('reuses a device that already forwards the port', () => {
    assert.deepEqual(chooseRoute(input({ listener: loopbackOnly, existing: { name: 'vscode-web-8000', hostPort: 40123 } })), {
      kind: 'existing',
      device: 'vscode-web-8000',
      hostPort: 40123,
      serverLocal: true,
    });
  });

  it("adds the device on a remote server's loopback, to be reached through a tunnel", () => {
    assert.deepEqual(chooseRoute(input({ listener: loopbackOnly, serverLocal: false })), { kind: 'remoteProxy' });
    assert.deepEqual(chooseRoute(input({ listener: everywhere, addresses: ['10.1.1.5'], serverLocal: false })), { kind: 'remoteProxy' });
  });

  it('cannot reach a VM without a reachable address: proxy devices forward into VMs in NAT mode only', () => {
    const route = chooseRoute(input({ vm: true, listener: loopbackOnly }));
    assert.equal(route.kind, 'unreachable');
    assert.match((route as { reason: string }).reason, /NAT mode/);
    assert.equal(chooseRoute(input({ vm: true, listener: everywhere, addresses: ['10.1.1.5'] })).kind, 'direct');
  });

  it('knows a local server: its unix socket, or HTTPS on loopback', () => {
    const cases: [string, boolean][] = [
      ['unix:/var/lib/lxd/unix.socket', true],
      ['https://127.0.0.1:8443', true],
      ['https://localhost:8443', true],
      ['https://[::1]:8443', true],
      ['https://lxd.example.com:8443', false],
      ['https://10.0.0.2:8443', false],
      ['not a url', false],
    ];
    assert.deepEqual(
      cases.map(([a]) => isLocalServer(a)),
      cases.map(([, local]) => local),
    );
  });

  it('describes a port by what listens and where', () => {
    assert.equal(describePort(loopbackOnly), 'busybox httpd · 127.0.0.1 only');
    assert.equal(describePort(everywhere), 'nginx · every address');
    assert.equal(describePort(onOneAddress), '10.1.1.5');
  });
});
