/**
 * `npm run bench:exec`: exec and file transfer through our client against the CLIs, in one run.
 *
 *   - keystroke echo latency (p50/p99) through a PtySession: one byte in, its echo back;
 *   - 100 MB of stdout through `client.exec.spawn` vs `lxc exec` / `incus exec` (to /dev/null);
 *   - a 50 MB file read and written through the `lxd:` file system's client path (readWhole,
 *     InstanceFiles.save: a temporary, then a rename) vs `lxc file pull` / `lxc file push`.
 *
 * Times are medians of a few interleaved rounds after one warm-up round each (the extension host
 * is a long-lived, warm process; the CLI is a compiled binary); ratios are ours / CLI (below 1: we
 * are faster). The daemon shares the machine's cores with both sides.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from '../src/client';
import { InstanceFiles } from '../src/files/instanceFiles';
import { readWhole } from '../src/files/remote';
import { Target, testbed, uniqueName } from '../test/support/testbed';
import { Sample, measureInterleaved, measureStdout, ms, percentile, ratio, runCli, summarize, targets } from './lib';

const MB = 1024 * 1024;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const KEYSTROKES = Number(process.env.BENCH_KEYSTROKES ?? 300);

async function keystrokes(client: Client, name: string): Promise<number[]> {
  const pty = await client.exec.pty(name, { command: ['cat'], width: 80, height: 24 });
  // Each key waits for its own echo: the count of echoed bytes, not just any data event.
  let echoed = 0;
  let sent = 0;
  let waiter: (() => void) | undefined;
  pty.onData((d) => {
    echoed += d.toString().split('a').length - 1;
    if (echoed >= sent) {
      waiter?.();
    }
  });
  const once = async (): Promise<number> => {
    const started = process.hrtime.bigint();
    await new Promise<void>((resolve) => {
      waiter = resolve;
      sent += 1;
      pty.write('a');
    });
    waiter = undefined;
    return Number(process.hrtime.bigint() - started) / 1e6;
  };
  for (let i = 0; i < 20; i++) {
    await once();
  }
  const samples: number[] = [];
  for (let i = 0; i < KEYSTROKES; i++) {
    samples.push(await once());
  }
  pty.close();
  await pty.exit.catch(() => undefined);
  return samples;
}

async function benchTarget(target: Target): Promise<string[]> {
  const project = testbed().project;
  const client = Client.unix(target.socket, { project });
  await client.serverInfo({ timeoutMs: 10_000 });
  const name = uniqueName('bench');
  const local = fs.mkdtempSync(path.join(os.tmpdir(), 'lxdx-bench-'));
  const rows: string[] = [];
  try {
    await client.instances.launch({ name, source: { type: 'image', alias: testbed().image } });

    const lat = await keystrokes(client, name);
    const sorted = summarize(lat);
    rows.push(
      `${target.name}  keystroke echo (PtySession, ${KEYSTROKES} keys): p50 ${sorted.median.toFixed(2)} ms, p99 ${percentile(lat, 0.99).toFixed(2)} ms`,
    );

    const stdoutBytes = 100 * MB;
    const out = await measureStdout(client, target, project, name, stdoutBytes, ROUNDS, 1);
    rows.push(line(target, `100 MB stdout (exec vs ${target.cli} exec)`, 100, out));

    const fileBytes = 50 * MB;
    await client.exec.run(name, { command: ['sh', '-c', `head -c ${fileBytes} /dev/urandom > /tmp/bench.bin`] });
    const pulled = path.join(local, 'pulled.bin');
    const read = await measureInterleaved(
      {
        ours: async () => {
          const data = await readWhole(client, name, '/tmp/bench.bin');
          if (data.length !== fileBytes) {
            throw new Error(`read ${data.length} bytes`);
          }
        },
        cli: () => runCli(target, ['file', 'pull', '--project', project, `${name}/tmp/bench.bin`, pulled]),
      },
      ROUNDS,
      1,
    );
    rows.push(line(target, `50 MB file read (lxd: fs vs ${target.cli} file pull)`, 50, read));

    const payload = fs.readFileSync(pulled);
    const files = new InstanceFiles();
    const write = await measureInterleaved(
      {
        // What writeFile does on save: the existing file's stat, then the atomic write that keeps it.
        ours: async () => {
          const existing = await client.files.stat(name, '/tmp/written.bin').catch(() => undefined);
          await files.save(client, { connectionId: 'bench', project, instance: name, path: '/tmp/written.bin' }, payload, { existing });
        },
        cli: () => runCli(target, ['file', 'push', '--project', project, pulled, `${name}/tmp/pushed.bin`]),
      },
      ROUNDS,
      1,
    );
    files.dispose();
    rows.push(line(target, `50 MB file write (lxd: fs vs ${target.cli} file push)`, 50, write));
  } finally {
    fs.rmSync(local, { recursive: true, force: true });
    await client.instances
      .stop(name, { force: true })
      .wait()
      .catch(() => undefined);
    await client.instances
      .delete(name)
      .wait()
      .catch(() => undefined);
    await client.close();
  }
  return rows;
}

function line(target: Target, what: string, mb: number, r: Record<string, Sample>): string {
  const rate = (x: Sample): string => `${((mb / x.median) * 1000).toFixed(0)} MB/s`;
  return `${target.name}  ${what}: ours ${ms(r.ours)} ${rate(r.ours)}; CLI ${ms(r.cli)} ${rate(r.cli)}; ours/CLI ${ratio(r.ours, r.cli)}`;
}

async function main(): Promise<void> {
  console.log(`bench:exec — ${os.cpus().length} cores, node ${process.version}, ${ROUNDS} interleaved rounds after a warm-up`);
  let failed = false;
  for (const target of targets()) {
    try {
      for (const row of await benchTarget(target)) {
        console.log(row);
      }
    } catch (e) {
      failed = true;
      console.log(`${target.name}  not measured: ${(e as Error).message}`);
    }
  }
  process.exitCode = failed ? 1 : 0;
}

void main();
