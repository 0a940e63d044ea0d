import * as assert from 'node:assert/strict';
import { TimeoutError } from '../../src/client';
import { HANDSHAKE_TIMEOUT_MS } from '../../src/client/websocket';
import { forEachTarget } from '../support/fixtures';
import { httpsClient } from '../support/remote';
import { openFds, socketsBackTo } from '../support/sockets';
import { testbed } from '../support/testbed';
import { failure, useFaultProxy, useRunningInstance, useTrustedCertificate } from './helpers';

/**
 * A network that accepts connections and never answers (a proxy in `stall`): opening a shell or
 * the events stream over HTTPS fails with a TimeoutError at the handshake deadline instead of
 * hanging, and every socket is let go.
 */
forEachTarget('Handshakes that never finish', (target) => {
  const instance = useRunningInstance(target, 'faults-stall');
  const trusted = useTrustedCertificate(target);
  const faults = useFaultProxy(target);

  it('a shell and the events stream fail with a TimeoutError when the server never answers, and leave no socket behind', async function () {
    this.timeout(90_000);
    const baseline = openFds();
    const client = httpsClient(target, trusted.cert, faults.proxy.url);
    try {
      // The request pool connects first; from then on, new connections are accepted and never answered.
      await client.serverInfo();
      faults.proxy.set({ kind: 'stall' });
      const events = await failure(client.events.connect({ project: testbed().project }));
      assert.ok(events.error instanceof TimeoutError, `${events.error.name}: ${events.error.message}`);
      assert.match(
        events.error.message,
        /^The handshake with https:\/\/127\.0\.0\.1:\d+ \(GET \/1\.0\/events\?.*\) did not finish within 10 s$/,
      );
      assert.ok(events.ms >= HANDSHAKE_TIMEOUT_MS - 100 && events.ms < HANDSHAKE_TIMEOUT_MS + 3_000, `after ${events.ms} ms`);

      // The exec request goes over the pooled connection; its websockets are what stall.
      const shell = await failure(client.exec.pty(instance.name, { command: ['sh'], width: 80, height: 24 }));
      assert.ok(shell.error instanceof TimeoutError, `${shell.error.name}: ${shell.error.message}`);
      assert.match(
        shell.error.message,
        /^The handshake with https:\/\/127\.0\.0\.1:\d+ \(GET \/1\.0\/operations\/[-0-9a-f]+\/websocket\?secret=\*\*\*\) did not finish within 10 s$/,
      );
      console.log(`      [${target.name}] stalled handshake: events stream failed after ${events.ms} ms, shell after ${shell.ms} ms`);
    } finally {
      await client.close();
    }
    await faults.proxy.until((p) => p.open === 0, 'the proxy to hold nothing');
    await socketsBackTo(baseline);
  });
});
