import * as assert from 'node:assert/strict';
import { ApiError, ConsoleSession } from '../../src/client';
import { cli, query } from '../support/cli';
import { eventually, forEachTarget, useSuite } from '../support/fixtures';
import { testbed } from '../support/testbed';

/**
 * The test image's init runs no getty, so nothing answers on the console by itself. What a user
 * sees is still observable: what a program inside writes to /dev/console, and a line typed into
 * the console that a program inside reads from it.
 */
forEachTarget('console', (target) => {
  const project = testbed().project;
  const s = useSuite(target);
  let name: string;
  let session: ConsoleSession | undefined;

  // An instance per test: LXD 5.0 needs a moment after a detach before its console can be attached
  // again (a session attached too early gets LXD's error in its stream and nothing else).
  beforeEach(async () => {
    name = await s.fx.create('console', { start: true });
  });

  afterEach(async () => {
    await session?.detach();
    await session?.closed;
    session = undefined;
  });

  /** Attaches and collects everything the console shows. */
  const attach = async (force?: boolean): Promise<{ session: ConsoleSession; shown: () => string }> => {
    const opened = await s.client.console.attach(name, { width: 80, height: 24, force });
    let text = '';
    opened.onData((d) => (text += d.toString('latin1')));
    return { session: opened, shown: () => text };
  };

  const status = (): string => query<{ status: string }>(target, `/1.0/instances/${name}`, project).status;

  /** Has the instance write numbered `label` lines to its console until `seen` says one arrived. */
  const writeUntilSeen = async (label: string, seen: () => boolean, message: string): Promise<void> => {
    let n = 0;
    await eventually(async () => {
      await s.client.exec.run(name, { command: ['sh', '-c', `echo ${label}-${n++} > /dev/console`] });
      return seen();
    }, message);
  };

  /**
   * Waits until a session shows the console: LXD 5.0 wires the console up a moment after the
   * attach returns, and what the instance writes before that is not shown.
   */
  const live = (attached: { shown: () => string }): Promise<void> =>
    writeUntilSeen('lxdx-ping', () => attached.shown().includes('lxdx-ping-'), 'the console is live');

  it('shows what the instance writes to its console, and delivers a typed line to a program reading it', async () => {
    const attached = await attach();
    session = attached.session;
    await live(attached);
    // The program says when it reads: a line typed before anyone reads the console is not kept.
    const reading = s.client.exec.run(name, {
      command: ['sh', '-c', 'exec 3<>/dev/console; echo lxdx-ready >&3; read -t 20 line <&3 && echo "lxdx-got:$line" >&3 && echo "$line"'],
    });
    await eventually(() => attached.shown().includes('lxdx-ready'), 'the program inside is reading the console');
    session.write('hello-lxdx\r');
    const read = await reading;
    assert.equal(read.exitCode, 0, read.stderr.toString());
    assert.equal(read.stdout.toString(), 'hello-lxdx\n', 'the program inside read the typed line');
    await eventually(() => attached.shown().includes('lxdx-got:hello-lxdx'), 'the console shows what the program wrote to it');
  });

  it('detaches: the console operation ends and the instance keeps running; the console log hands out what was written since the last read', async () => {
    const attached = await attach();
    await live(attached);
    const shownLive = `lxdx-live-${Date.now()}`;
    await s.client.exec.run(name, { command: ['sh', '-c', `echo ${shownLive} > /dev/console`] });
    await eventually(() => attached.shown().includes(shownLive), 'the marker is shown live');

    await attached.session.detach();
    await attached.session.closed;
    await attached.session.ended();
    const op = query<{ status: string; err: string }>(target, `/1.0/operations/${attached.session.operation.id}`, project);
    if (target.name === 'lxd') {
      // LXD's answer to the close-first detach (see ConsoleSession.detach).
      assert.equal(op.status, 'Failure');
      assert.match(op.err, /file already closed/);
    } else {
      assert.equal(op.status, 'Success');
    }
    assert.equal(status(), 'Running');

    assert.ok((await s.client.instances.consoleLog(name)).includes(shownLive), 'the log has what was shown');
    assert.ok(!(await s.client.instances.consoleLog(name)).includes(shownLive), 'a second read has only what came since');
    const whileDetached = `lxdx-detached-${Date.now()}`;
    await s.client.exec.run(name, { command: ['sh', '-c', `echo ${whileDetached} > /dev/console`] });
    assert.ok(
      cli(target, ['console', name, '--show-log', '--project', project]).includes(whileDetached),
      'the CLI reads what was written while detached',
    );
  });

  it('gives the console to one session at a time: Incus refuses a second one unless forced; with LXD 5.0 one of the two gets it', async () => {
    const first = await attach();
    session = first.session;
    await live(first);
    const marker = `lxdx-one-${Date.now()}`;
    if ((await s.client.kind()) === 'lxd') {
      // LXD 5.0 accepts the second attach; which session then holds the console is a race in LXD.
      const second = await attach();
      await writeUntilSeen(
        marker,
        () => first.shown().includes(marker) || second.shown().includes(marker),
        'one of the two sessions shows the console',
      );
      assert.ok(!(first.shown().includes(marker) && second.shown().includes(marker)), 'never both');
      await second.session.detach();
      await second.session.closed;
      await second.session.ended();
      assert.equal(status(), 'Running');
      return;
    }
    await assert.rejects(s.client.console.attach(name, { width: 80, height: 24 }), ApiError);
    const forced = await attach(true);
    await first.session.closed;
    assert.notEqual((await first.session.operation.get()).status, 'Running', 'the first session was taken over');
    session = forced.session;
    await writeUntilSeen(marker, () => forced.shown().includes(marker), 'the forced session shows the console');
    assert.equal(status(), 'Running');
  });

  it('stays attached while idle past its silence limit: the daemons answer the pings on its control socket, though they send nothing themselves', async function () {
    this.timeout(60_000);
    const opened = await s.client.console.attach(name, { width: 80, height: 24, silenceMs: 3_000 });
    session = opened;
    let text = '';
    opened.onData((d) => (text += d.toString('latin1')));
    await live({ shown: () => text });
    let closed = false;
    void opened.closed.then(() => (closed = true));
    // Nothing crosses the console's sockets but our pings and their pongs for three times the limit.
    const marker = `lxdx-after-idle-${Date.now()}`;
    await s.client.exec.run(name, { command: ['sh', '-c', `sleep 9; echo ${marker} > /dev/console`] });
    await eventually(() => text.includes(marker), 'the console shows what came after the idle time');
    assert.equal(closed, false, 'the console stayed attached');
    assert.equal(opened.lost, undefined);
  });
});
