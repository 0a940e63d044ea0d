import * as assert from 'node:assert/strict';
import { AnyEvent, Client, EventSubscription, LifecycleEvent, SubscriptionStatus } from '../../src/client';
import { clientFor, eventually, forEachTarget, useSuite } from '../support/fixtures';
import { testbed } from '../support/testbed';

forEachTarget('events', (target) => {
  const s = useSuite(target);
  let sub: EventSubscription | undefined;

  afterEach(() => sub?.close());

  it('delivers the lifecycle event of a start within one second', async () => {
    const name = await s.fx.create('ev');
    const events: { at: number; e: LifecycleEvent }[] = [];
    sub = s.client.events.subscribe({ types: ['lifecycle'], onEvent: (e) => e.type === 'lifecycle' && events.push({ at: Date.now(), e }) });
    await sub.ready;
    await s.client.instances.start(name).wait();
    const started = Date.now();
    const hit = await eventually(
      () =>
        events.find(({ e }) => e.metadata.action === 'instance-started' && e.metadata.source.split('?')[0] === `/1.0/instances/${name}`),
      'an instance-started event for the instance',
      5_000,
    );
    assert.ok(hit.at - started <= 1_000, `event arrived ${hit.at - started} ms after the start finished`);
    assert.equal(hit.e.project, testbed().project);
  });

  it('only delivers the requested event types', async () => {
    const name = await s.fx.create('evtype');
    const seen: AnyEvent[] = [];
    sub = s.client.events.subscribe({ types: ['operation'], onEvent: (e) => seen.push(e) });
    await sub.ready;
    await s.client.instances.start(name).wait();
    await eventually(
      () => seen.some((e) => e.type === 'operation' && e.metadata.status === 'Success'),
      'the start operation succeeds in the stream',
    );
    assert.ok(
      seen.every((e) => e.type === 'operation'),
      'no lifecycle or logging events',
    );
  });

  it('receives events from every project with allProjects', async () => {
    const name = await s.fx.create('evall');
    const seen: LifecycleEvent[] = [];
    const other = clientFor(target, { project: 'default' });
    sub = other.events.subscribe({ types: ['lifecycle'], allProjects: true, onEvent: (e) => e.type === 'lifecycle' && seen.push(e) });
    await sub.ready;
    await s.client.instances.patch(name, { config: { 'user.ping': '1' } });
    await eventually(
      () => seen.some((e) => e.metadata.source.startsWith(`/1.0/instances/${name}`)),
      'the update is seen from another project',
    );
    await other.close();
  });

  it('reports the connection status and reconnects after the socket went away', async function () {
    // Uses a transport whose socket path does not exist: the subscription keeps retrying.
    const statuses: SubscriptionStatus[] = [];
    const broken = Client.unix('/nonexistent/lxdx.socket');
    sub = broken.events.subscribe({ onEvent: () => undefined, onStatus: (s) => statuses.push(s), backoff: { initialMs: 20, maxMs: 50 } });
    await eventually(() => statuses.filter((s) => s === 'disconnected').length >= 3, 'several reconnect attempts');
    assert.ok(statuses.includes('connecting'));
    sub.close();
    assert.equal(sub.state, 'closed');
  });
});
