import * as assert from 'node:assert/strict';
import { Client, EventSubscription } from '../../src/client';
import { eventually, forEachTarget } from '../support/fixtures';
import { httpsClient } from '../support/remote';
import { openFds, socketsBackTo } from '../support/sockets';
import { testbed } from '../support/testbed';
import { StatusLog, eventComesThrough, useFaultProxy, useTrustedCertificate } from './helpers';

/**
 * The events stream over HTTPS through a fault proxy in front of the daemon: a network that goes
 * silent, a server that accepts and drops. Figures (how long to notice, to recover) are printed.
 */
forEachTarget('The events stream through a faulty network', (target) => {
  const trusted = useTrustedCertificate(target);
  const faults = useFaultProxy(target);
  let client: Client | undefined;
  let sub: EventSubscription | undefined;

  afterEach(async () => {
    sub?.close();
    await client?.close();
    sub = client = undefined;
  });

  it('notices a stream that went silent (a half-open network) within 15 s, and recovers by itself once the network answers again', async function () {
    this.timeout(90_000);
    const baseline = openFds();
    const log = new StatusLog();
    client = httpsClient(target, trusted.cert, faults.proxy.url);
    sub = client.events.subscribe({
      types: ['lifecycle'],
      project: testbed().project,
      onEvent: (e) => log.events.push(e),
      onStatus: log.record,
    });
    await sub.ready;

    const silent = Date.now();
    const beforeSilence = log.mark();
    faults.proxy.set({ kind: 'blackhole' });
    await eventually(() => log.first('disconnected', beforeSilence), 'the stream to be marked disconnected', 20_000);
    const noticed = log.first('disconnected', beforeSilence)!;
    assert.ok(noticed.at - silent < 15_000, `noticed after ${noticed.at - silent} ms`);
    assert.match(noticed.error ?? '', /stopped answering/);

    const back = Date.now();
    const beforeBack = log.mark();
    faults.proxy.set({ kind: 'pass' });
    await eventually(() => log.first('connected', beforeBack), 'the stream to come back', 30_000);
    const recovered = log.first('connected', beforeBack)!;
    console.log(
      `      [${target.name}] silent network: noticed after ${noticed.at - silent} ms; back ${recovered.at - back} ms after the network was`,
    );
    await eventComesThrough(target, log);

    sub.close();
    await client.close();
    client = undefined;
    await faults.proxy.until((p) => p.open === 0, 'the proxy to hold no connection');
    await socketsBackTo(baseline);
  });

  it('retries a server that accepts the stream and drops it at growing intervals, not every 250 ms', async function () {
    this.timeout(90_000);
    const log = new StatusLog();
    client = httpsClient(target, trusted.cert, faults.proxy.url);
    sub = client.events.subscribe({ types: ['lifecycle'], project: testbed().project, onEvent: () => undefined, onStatus: log.record });
    await sub.ready;
    const gaps: number[] = [];
    for (let drop = 1; drop <= 5; drop++) {
      // Only the events stream goes through this proxy: each accept is one reconnect attempt.
      const accepted = faults.proxy.accepted;
      const dropped = Date.now();
      faults.proxy.resetAll();
      await faults.proxy.until((p) => p.accepted > accepted, `reconnect attempt ${drop}`, 20_000);
      gaps.push(faults.proxy.acceptedAt[accepted] - dropped);
      await eventually(() => log.count('connected') === drop + 1, `the upgrade after drop ${drop} to succeed`, 20_000);
    }
    console.log(`      [${target.name}] accept-then-drop: reconnect attempts after ${gaps.join(', ')} ms`);
    for (let i = 1; i < gaps.length; i++) {
      assert.ok(
        gaps[i] > gaps[i - 1] * 1.2,
        `attempt ${i + 1} came ${gaps[i]} ms after its drop, attempt ${i} ${gaps[i - 1]} ms: the delay must grow (${gaps.join(', ')})`,
      );
    }
    assert.ok(gaps[4] >= 2_000, `the fifth attempt waited ${gaps[4]} ms`);
  });
});
