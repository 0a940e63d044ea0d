import * as assert from 'node:assert/strict';
import { Client, ConsoleSession, TransportError } from '../../src/client';
import { eventually, forEachTarget } from '../support/fixtures';
import { httpsClient } from '../support/remote';
import { operationEnds, useFaultProxy, useRunningInstance, useTrustedCertificate } from './helpers';

/**
 * A console on a network that goes silent without a reset (a VPN that drops, a laptop that sleeps).
 * Neither daemon pings a console's sockets, so before the fix nothing noticed: the console stayed
 * frozen until TCP gave up, many minutes later. The console now pings its control socket.
 */
forEachTarget('A console whose network goes silent', (target) => {
  const trusted = useTrustedCertificate(target);
  const faults = useFaultProxy(target);
  const instance = useRunningInstance(target, 'faults-console');
  let client: Client | undefined;
  let session: ConsoleSession | undefined;

  afterEach(async () => {
    faults.proxy.set({ kind: 'pass' });
    await session?.detach();
    await client?.close();
    client = session = undefined;
  });

  it('closes once nothing, not even a pong to its pings, came for the limit, says its connection stopped answering, and the daemon ends the console once the network is back', async function () {
    this.timeout(90_000);
    const silenceMs = 9_000;
    client = httpsClient(target, trusted.cert, faults.proxy.url);
    const attached = await client.console.attach(instance.name, { width: 80, height: 24, silenceMs });
    session = attached;
    let shown = '';
    attached.onData((d) => (shown += d.toString('latin1')));
    // LXD 5.0 wires the console up a moment after the attach returns.
    let n = 0;
    await eventually(async () => {
      await client!.exec.run(instance.name, { command: ['sh', '-c', `echo lxdx-live-${n++} > /dev/console`] });
      return shown.includes('lxdx-live-');
    }, 'the console is live');

    const silentFrom = Date.now();
    faults.proxy.set({ kind: 'blackhole' });
    attached.write('typed into the void\r');
    await attached.closed;
    const ms = Date.now() - silentFrom;
    const lost = attached.lost;
    assert.ok(lost instanceof TransportError, `the console closed without saying its connection was lost (after ${ms} ms)`);
    assert.equal(lost.code, 'ETIMEDOUT');
    assert.match(lost.message, /stopped answering \(nothing came for 9 s\) while the console was attached/);
    // The last pong may have come up to a third of the limit before the silence began, and the
    // silence is checked every quarter of it.
    assert.ok(ms >= silenceMs - silenceMs / 3 - 100 && ms < silenceMs + silenceMs / 4 + 2_000, `closed ${ms} ms into the silence`);
    console.log(`      [${target.name}] the console closed ${ms} ms into the silence: "${lost.message}"`);

    faults.proxy.set({ kind: 'pass' });
    const status = await operationEnds(target, attached.operation.id);
    console.log(`      [${target.name}] the console operation ended once the network was back (${status})`);
  });
});
