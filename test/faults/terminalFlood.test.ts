import * as assert from 'node:assert/strict';
import { Client } from '../../src/client';
import { BatchedWriter } from '../../src/terminals/output';
import { eventually, forEachTarget } from '../support/fixtures';
import { testbed } from '../support/testbed';
import { useRunningInstance } from './helpers';

/** The writer's defaults: about 1 M characters a second, pausing past 256 Ki waiting. */
const CHARS_PER_SECOND = (16 * 1024) / 0.016;
const HIGH_WATER = 256 * 1024;
const MiB = 1024 * 1024;

/**
 * `yes` in a shell, read the way a terminal reads it (the terminals' own writer, throttling the
 * session): the output is paced, the websocket is paused while the writer is full, so what
 * arrives stays within a bound of what was written, memory stays flat, other requests still answer
 * at once, and Ctrl-C stops it.
 */
forEachTarget('A shell flooded with output', (target) => {
  const project = testbed().project;
  const instance = useRunningInstance(target, 'faults-flood');

  it('keeps requests answering within a second and memory bounded while `yes` runs, and Ctrl-C stops it', async function () {
    this.timeout(120_000);
    const name = instance.name;
    const client = Client.unix(target.socket, { project });
    const session = await client.exec.pty(name, { command: ['sh'], width: 80, height: 24 });
    const seen = { received: 0, written: 0, maxPending: 0, tail: '' };
    const out = new BatchedWriter((t) => {
      seen.written += t.length;
      seen.tail = (seen.tail + t).slice(-4000);
    });
    out.throttle(session);
    session.onData((d) => {
      seen.received += d.length;
      out.push(d);
      seen.maxPending = Math.max(seen.maxPending, out.pending);
    });
    try {
      // busybox sh asks for the cursor position (ESC [6n) after its prompt.
      // eslint-disable-next-line no-control-regex -- the escape sequence is what is matched
      await eventually(() => /[#$] (\x1b\[6n)?$/.test(seen.tail), 'the shell prompt');
      const rssBefore = process.memoryUsage().rss;
      let rssMax = rssBefore;
      session.write('yes lxdx-flood\n');
      await eventually(() => seen.written > 100_000, 'the flood to start');

      // Five seconds of flood, with requests back to back all along.
      const started = Date.now();
      const writtenAtStart = seen.written;
      const latencies: number[] = [];
      while (Date.now() - started < 5_000) {
        const t = Date.now();
        await client.instances.get(name);
        latencies.push(Date.now() - t);
        rssMax = Math.max(rssMax, process.memoryUsage().rss);
      }
      const elapsed = (Date.now() - started) / 1000;
      const written = seen.written - writtenAtStart;
      const worst = Math.max(...latencies);
      console.log(
        `      [${target.name}] flood: ${(written / elapsed / MiB).toFixed(2)} M characters/s written, ${((seen.received - seen.written) / 1024).toFixed(0)} KiB read ahead, ` +
          `${latencies.length} requests (slowest ${worst} ms), RSS +${((rssMax - rssBefore) / MiB).toFixed(1)} MiB, at most ${(seen.maxPending / 1024).toFixed(0)} Ki characters waiting`,
      );
      assert.ok(worst < 1_000, `a request took ${worst} ms during the flood`);
      assert.ok(written > 0.3 * CHARS_PER_SECOND * elapsed, `only ${written} characters written in ${elapsed} s: the flood did not flow`);
      assert.ok(written < 1.3 * CHARS_PER_SECOND * elapsed + HIGH_WATER, `${written} characters written in ${elapsed} s: not paced`);
      // Read but not yet written: the writer's queue plus what was in flight when it paused the socket.
      assert.ok(seen.received - seen.written < HIGH_WATER + 2 * MiB, `${seen.received - seen.written} bytes read ahead of the terminal`);
      assert.ok(seen.maxPending < HIGH_WATER + 512 * 1024, `${seen.maxPending} characters waited at the most`);
      assert.ok(rssMax - rssBefore < 100 * MiB, `RSS grew by ${rssMax - rssBefore} bytes`);

      const interrupted = Date.now();
      session.write('\x03');
      session.write('echo flood-$((40 + 2))\n');
      await eventually(() => seen.tail.includes('flood-42\r\n'), 'the shell to answer after Ctrl-C', 30_000);
      console.log(`      [${target.name}] Ctrl-C: the shell answered ${Date.now() - interrupted} ms later`);
      const after = seen.tail.slice(seen.tail.indexOf('flood-42\r\n'));
      assert.ok(!after.includes('lxdx-flood'), 'nothing of the flood after the answer');
    } finally {
      // Closing the control socket kills whatever still runs.
      session.close();
      await session.exit.catch(() => undefined);
      out.dispose();
      await client.close();
    }
  });
});
