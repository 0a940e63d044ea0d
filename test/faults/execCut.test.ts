import * as assert from 'node:assert/strict';
import { Client, TransportError } from '../../src/client';
import { forEachTarget } from '../support/fixtures';
import { httpsClient } from '../support/remote';
import { failure, operationEnds, useFaultProxy, useRunningInstance, useTrustedCertificate } from './helpers';

/** `seq 1 400000` writes about 2.7 MB; the proxy cuts each connection after this many bytes down. */
const CUT_AFTER = 200_000;

/**
 * An exec whose data connection is cut while the daemon stays up (a fault proxy in front of its
 * HTTPS port closes any connection once 200 kB came down). Observed before the fix: a command's
 * stdout simply ended, and the command reported its exit code (0) with a fraction of its output;
 * Incus kept a shell whose terminal connection was lost running, and the session waited for it
 * forever, the terminal frozen. Both daemons always send the end-of-stream frame before they close.
 */
forEachTarget('An exec whose connection is cut while the daemon stays up', (target) => {
  const trusted = useTrustedCertificate(target);
  const faults = useFaultProxy(target);
  const instance = useRunningInstance(target, 'faults-cut');
  let client: Client | undefined;

  afterEach(async () => {
    await client?.close();
    client = undefined;
  });

  it("a command's output cut midway fails with a TransportError instead of an exit code with part of the output, and the command is stopped", async function () {
    this.timeout(60_000);
    client = httpsClient(target, trusted.cert, faults.proxy.url);
    // The output starts once stdin ends, after the fault is set.
    const proc = await client.exec.spawn(instance.name, { command: ['sh', '-c', 'read x; seq 1 400000; exec sleep 600'] });
    faults.proxy.set({ kind: 'cut', afterBytes: CUT_AFTER, direction: 'down' });
    let received = 0;
    proc.stdout.on('data', (c: Buffer) => (received += c.length));
    const streamFailed = new Promise<Error>((resolve) => proc.stdout.once('error', resolve));
    proc.end();

    const { error: ended } = await failure(
      proc.exit,
      (s) => `the command reported an exit status (${JSON.stringify(s)}) after ${received} bytes`,
    );
    assert.ok(ended instanceof TransportError, `${ended.name}: ${ended.message}`);
    assert.match(ended.message, /closed before the command's stdout ended: its output is incomplete/);
    assert.equal(await streamFailed, ended, 'the stdout stream fails with the same error');
    assert.ok(received < 2_000_000, `only part of the output came through (${received} bytes)`);
    const status = await operationEnds(target, proc.operation.id);
    console.log(`      [${target.name}] output cut after ${received} bytes: "${ended.message}"; the operation ended (${status})`);
  });

  it('run() with its output cut rejects rather than resolving with part of it', async function () {
    this.timeout(60_000);
    client = httpsClient(target, trusted.cert, faults.proxy.url);
    await client.exec.run(instance.name, { command: ['true'] }); // the connections are up before the cut
    faults.proxy.set({ kind: 'cut', afterBytes: CUT_AFTER, direction: 'down' });
    const { error: result } = await failure(
      client.exec.run(instance.name, { command: ['seq', '1', '400000'] }),
      (r) => `run resolved: exit ${r.exitCode}, ${r.stdout.length} bytes of stdout`,
    );
    assert.ok(result instanceof TransportError, `${result.name}: ${result.message}`);
    assert.match(result.message, /its output is incomplete/);
  });

  it('a shell whose terminal connection is cut ends at once with a TransportError, and the shell is stopped', async function () {
    this.timeout(60_000);
    client = httpsClient(target, trusted.cert, faults.proxy.url);
    const shell = await client.exec.pty(instance.name, { command: ['sh'], width: 80, height: 24 });
    let received = 0;
    shell.onData((c) => (received += c.length));
    faults.proxy.set({ kind: 'cut', afterBytes: CUT_AFTER, direction: 'down' });
    shell.write('seq 1 400000\n');

    const { error: ended } = await failure(shell.exit, (s) => `the shell reported an exit status (${JSON.stringify(s)})`);
    assert.ok(ended instanceof TransportError, `${ended.name}: ${ended.message}`);
    assert.match(ended.message, /closed while the session was running/);
    const status = await operationEnds(target, shell.operation.id);
    console.log(`      [${target.name}] terminal cut after ${received} bytes: "${ended.message}"; the operation ended (${status})`);
  });

  it('a command and a shell on a network that went silent (no reset) fail once nothing, not even a keepalive ping, came for the limit; once the network is back, their processes are stopped', async function () {
    this.timeout(90_000);
    const silenceMs = 15_000;
    client = httpsClient(target, trusted.cert, faults.proxy.url);
    const command = await client.exec.spawn(instance.name, { command: ['sh', '-c', 'echo started; exec sleep 600'], silenceMs });
    await new Promise((resolve) => command.stdout.once('data', resolve));
    const shell = await client.exec.pty(instance.name, { command: ['sh'], width: 80, height: 24, silenceMs });

    // Each failure's time runs from here, as the silence begins.
    const normally = (s: unknown): string => `ended normally (${JSON.stringify(s)})`;
    const [commandEnds, shellEnds] = [failure(command.exit, normally), failure(shell.exit, normally)];
    faults.proxy.set({ kind: 'blackhole' });
    shell.write('echo typed into the void\n');
    for (const [what, ends] of [
      ['the command', commandEnds],
      ['the shell', shellEnds],
    ] as const) {
      const { error, ms } = await ends;
      assert.ok(error instanceof TransportError, `${what}: ${error.name}: ${error.message}`);
      assert.match(error.message, /stopped answering \(nothing came for 15 s\)/, what);
      // The last keepalive ping may have come up to 10 s before the silence began.
      assert.ok(ms >= silenceMs - 10_000, `${what} failed ${ms} ms into the silence`);
      assert.ok(ms < silenceMs + 10_000, `${what} failed ${ms} ms into the silence`);
      console.log(`      [${target.name}] ${what} failed ${ms} ms into the silence: "${error.message}"`);
    }

    faults.proxy.set({ kind: 'pass' });
    await operationEnds(target, command.operation.id);
    await operationEnds(target, shell.operation.id);
  });
});
