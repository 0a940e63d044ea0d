import * as assert from 'node:assert/strict';
import { Client, EventSubscription, TransportError } from '../../src/client';
import { query } from '../support/cli';
import { eventually, forEachTarget } from '../support/fixtures';
import { testbed } from '../support/testbed';
import { StatusLog, eventComesThrough, killingDaemon, useRunningInstance } from './helpers';

/**
 * The daemon dies (SIGKILL, as a crash or the OOM killer would do it) under an open shell, a
 * command whose output is being read, and the events stream. Only daemons the test bed owns are
 * killed, under the shared daemon-faults lock, and always started again.
 */
forEachTarget('A daemon killed under a shell, a running command and the events stream', (target) => {
  const project = testbed().project;
  const instance = useRunningInstance(target, 'faults-kill');

  it('ends the shell and the command with a clear error within seconds, and the events stream comes back by itself once the daemon is back', async function () {
    this.timeout(600_000);
    const client = Client.unix(target.socket, { project });
    let sub: EventSubscription | undefined;
    try {
      await killingDaemon(target, async (d) => {
        const shell = await client.exec.pty(instance.name, { command: ['sh'], width: 80, height: 24 });
        // A command with its stdout and stderr open (receive-only sockets), some output read.
        const command = await client.exec.spawn(instance.name, { command: ['sh', '-c', 'echo started; exec sleep 600'] });
        await new Promise((resolve) => command.stdout.once('data', resolve));
        const commandOutcome = command.exit.then(
          (s) => ({ error: new Error(`the command ended normally (${JSON.stringify(s)})`), at: Date.now() }),
          (e: Error) => ({ error: e, at: Date.now() }),
        );
        const log = new StatusLog();
        sub = client.events.subscribe({ types: ['lifecycle'], project, onEvent: (e) => log.events.push(e), onStatus: log.record });
        await sub.ready;

        const beforeKill = log.mark();
        const killed = await d.kill();
        const ended = await shell.exit.then(
          (s) => new Error(`the shell ended normally (${JSON.stringify(s)})`),
          (e: Error) => e,
        );
        const shellEnded = Date.now();
        assert.ok(ended instanceof TransportError, `${ended.name}: ${ended.message}`);
        assert.match(ended.message, /Is the daemon running\?|closed during the request/);
        const { error: commandEnded, at: commandEndedAt } = await commandOutcome;
        assert.ok(commandEnded instanceof TransportError, `${commandEnded.name}: ${commandEnded.message}`);
        assert.match(commandEnded.message, /Is the daemon running\?|closed during the request/);
        await eventually(() => log.first('disconnected', beforeKill), 'the events stream to notice');

        const started = await d.start();
        await eventually(() => log.first('connected', beforeKill), 'the events stream to come back by itself', 30_000);
        const back = log.first('connected', beforeKill)!.at;
        console.log(
          `      [${target.name}] kill -9: shell ended ${shellEnded - killed} ms after the kill ("${ended.message}"); ` +
            `the command ${commandEndedAt - killed} ms after ("${commandEnded.message}"); ` +
            `the daemon was started again ${started - killed} ms after the kill, the events stream was back ${back - killed} ms after the kill`,
        );
        await eventComesThrough(target, log);
        assert.equal(
          query<{ status: string }>(target, `/1.0/instances/${instance.name}`, project).status,
          'Running',
          'the instance kept running',
        );
      });
    } finally {
      sub?.close();
      await client.close().catch(() => undefined);
    }
  });
});
