import * as assert from 'node:assert/strict';
import { AnyEvent, EventSubscription, LifecycleEvent } from '../../src/client';
import { eventInstances } from '../../src/live/eventLines';
import { eventually, forEachTarget, useSuite } from '../support/fixtures';

/**
 * What the live log views rely on, as LXD 5.0.2 and Incus 6.0.4 do it (see ConsoleLogDocument and
 * EventsDocument): how the console log reads while an instance runs and once it stopped, which
 * lifecycle events reading raises, and the logging events of a stream of their own.
 */
forEachTarget('live logs', (target) => {
  const s = useSuite(target);
  let sub: EventSubscription | undefined;

  afterEach(() => sub?.close());

  const toConsole = async (name: string, text: string): Promise<void> => {
    const r = await s.client.exec.run(name, { command: ['sh', '-c', `echo ${text} > /dev/console`] });
    assert.equal(r.exitCode, 0, r.stderr.toString());
  };

  /**
   * What the console log hands out until `wanted` is among it, read after read: the container's
   * monitor copies what reaches /dev/console into the log a moment after the write returned.
   */
  const readUntil = async (name: string, wanted: RegExp): Promise<string> => {
    let got = '';
    await eventually(async () => {
      got += await s.client.instances.consoleLog(name);
      return wanted.test(got);
    }, `${wanted.source} in the console log`);
    return got;
  };

  it('hands out what a running container wrote since the last read; once stopped, the rest on every read until it starts', async function () {
    this.timeout(60_000);
    const name = await s.fx.create('conlog', { start: true });
    await toConsole(name, 'lxdx-one');
    assert.match(await readUntil(name, /lxdx-one\r\n/), /lxdx-one\r\n/);
    assert.equal(await s.client.instances.consoleLog(name), '', 'a second read finds nothing new');
    await toConsole(name, 'lxdx-two');
    const second = await readUntil(name, /lxdx-two/);
    assert.match(second, /lxdx-two/);
    assert.doesNotMatch(second, /lxdx-one/);

    await toConsole(name, 'lxdx-last');
    await s.client.instances.stop(name, { force: true }).wait();
    const stopped = await s.client.instances.consoleLog(name);
    assert.match(stopped, /lxdx-last/);
    assert.doesNotMatch(stopped, /lxdx-two/);
    assert.equal(await s.client.instances.consoleLog(name), stopped, 'a stopped instance hands the same out again');

    await s.client.instances.start(name).wait();
    assert.doesNotMatch(await s.client.instances.consoleLog(name), /lxdx-last/, 'a start begins a new log');
  });

  it('raises instance-console-retrieved for a read that found something, none for an empty one; reading lxc.log raises instance-log-retrieved', async function () {
    this.timeout(30_000);
    const name = await s.fx.create('conev', { start: true });
    const seen: LifecycleEvent[] = [];
    sub = s.client.events.subscribe({
      types: ['lifecycle'],
      onEvent: (e) => e.type === 'lifecycle' && eventInstances(e).includes(name) && seen.push(e),
    });
    await sub.ready;
    await s.client.instances.consoleLog(name);
    await toConsole(name, 'lxdx-ev');
    await s.client.instances.consoleLog(name);
    await s.client.instances.consoleLog(name);
    await s.client.instances.log(name, 'lxc.log');
    await eventually(() => seen.some((e) => e.metadata.action === 'instance-log-retrieved'), 'the log read is an event');
    // The exec and the reads are events of their own, in this order; the empty reads raise nothing.
    assert.deepEqual(
      seen.map((e) => e.metadata.action).filter((a) => a !== 'instance-exec'),
      ['instance-console-retrieved', 'instance-log-retrieved'],
    );
  });

  it("sends logging events on a stream of their own, without a project, with the daemon's context", async function () {
    this.timeout(30_000);
    const name = await s.fx.create('logev');
    const seen: AnyEvent[] = [];
    sub = s.client.events.subscribe({ types: ['logging'], onEvent: (e) => seen.push(e) });
    await sub.ready;
    await s.client.instances.start(name).wait();
    const about = await eventually(
      () => seen.find((e) => e.type === 'logging' && eventInstances(e).includes(name)),
      'a logging event about the instance',
    );
    assert.equal(about.type, 'logging');
    assert.equal(about.project, undefined);
    assert.ok(seen.every((e) => e.type === 'logging'));
  });
});
