import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { Client, InstanceBuilder } from '../src/client';
import { cliEnv } from '../test/support/cli';
import { ensureProject, projectImage } from '../test/support/projects';
import { Target, testbed } from '../test/support/testbed';
import { mapLimit } from '../src/util/limit';

const execFileAsync = promisify(execFile);

/** The project the benchmarks fill; it is theirs alone and kept between runs (creating 200 instances takes a while). */
export const BENCH_PROJECT = 'lxdx-bench';

export interface Sample {
  median: number;
  p10: number;
  p90: number;
  runs: number;
}

/** Runs `fn` `runs` times after `warmup` runs and returns milliseconds. */
export async function measure(fn: () => Promise<unknown>, runs = 15, warmup = 3): Promise<Sample> {
  for (let i = 0; i < warmup; i++) {
    await fn();
  }
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return summarize(times);
}

/**
 * Measures several contenders in alternation (a, b, a, b, …), so drifting machine load hits them
 * alike. Each function returns its own duration in ms when it knows it better than the wall clock
 * (curl's `time_total`), or nothing to be timed here.
 */
export async function measureInterleaved(
  contenders: Record<string, () => Promise<number | void>>,
  runs = 21,
  warmup = 3,
): Promise<Record<string, Sample>> {
  const names = Object.keys(contenders);
  const times: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let i = 0; i < warmup + runs; i++) {
    for (const n of names) {
      const t = process.hrtime.bigint();
      const reported = await contenders[n]();
      const wall = Number(process.hrtime.bigint() - t) / 1e6;
      if (i >= warmup) {
        times[n].push(typeof reported === 'number' ? reported : wall);
      }
    }
  }
  return Object.fromEntries(names.map((n) => [n, summarize(times[n])]));
}

export function summarize(times: number[]): Sample {
  return { median: percentile(times, 0.5), p10: percentile(times, 0.1), p90: percentile(times, 0.9), runs: times.length };
}

/** The value at quantile `q` (0 to 1) of `xs`: the element at rank ⌊q·n⌋ of the sorted values, the last for q = 1. */
export function percentile(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}

/** `curl`'s own total time for one request over the socket (its process start-up is not counted). */
export async function curlTime(socket: string, path: string, out = '/dev/null'): Promise<number> {
  const { stdout } = await execFileAsync('curl', ['-s', '-o', out, '-w', '%{time_total}', '--unix-socket', socket, `http://lxd${path}`]);
  return Number(stdout) * 1000;
}

/** Wall time of a CLI command, as a user waits for it. */
export async function measureCli(target: Target, args: string[], runs = 5, warmup = 1): Promise<Sample> {
  return measure(() => runCli(target, args), runs, warmup);
}

/** Runs a CLI command to completion, output discarded. */
export function runCli(target: Target, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn(target.cli, args, { env: cliEnv(target), stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    p.stderr.on('data', (d) => (err += d));
    p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${target.cli} ${args.join(' ')}: ${err}`))));
  });
}

export interface BenchInstancesOptions {
  /** The project to fill; BENCH_PROJECT unless told. */
  project?: string;
  /** How many of them (the first ones) must run; all unless told. The others are stopped. */
  running?: number;
  /** Creations and starts in flight at once. */
  concurrency?: number;
}

/**
 * Makes sure a bench project holds `count` instances named `lxdx-b-NNN` (no NIC, like every test
 * instance), the first `running` of them running and the others stopped (a run cut short may have
 * left some running). Creates the project and only what is missing; any creation, start or stop
 * that failed fails the set-up.
 */
export async function ensureBenchInstances(target: Target, count: number, options: BenchInstancesOptions = {}): Promise<Client> {
  const { project = BENCH_PROJECT, running = count, concurrency = 8 } = options;
  await ensureProject(target, project, 'LXD Explorer benchmarks');
  const client = Client.unix(target.socket, { project });
  const existing = new Map((await client.instances.list()).map((i) => [i.name, i.status]));
  const wanted = Array.from({ length: count }, (_, i) => benchInstanceName(i));
  const image = await projectImage(target, client, project);
  const missing = wanted.filter((n) => !existing.has(n));
  const stopped = wanted.slice(0, running).filter((n) => existing.get(n) !== 'Running');
  const extra = wanted.slice(running).filter((n) => existing.get(n) === 'Running');
  if (missing.length || stopped.length || extra.length) {
    process.stderr.write(
      `bench: creating ${missing.length}, starting ${stopped.length} and stopping ${extra.length} instances in ${project} on ${target.name}…\n`,
    );
  }
  const build = (name: string): InstanceBuilder => new InstanceBuilder(name).image({ fingerprint: image });
  const results = [
    ...(await mapLimit(missing, concurrency, (name) => client.instances.create(build(name)).wait())),
    ...(await mapLimit(stopped, concurrency, (name) => client.instances.start(name).wait())),
    ...(await mapLimit(extra, concurrency, (name) => client.instances.stop(name, { force: true }).wait())),
  ];
  const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed.length) {
    await client.close();
    throw new Error(
      `${failed.length} instances in ${project} on ${target.name} could not be made ready: ${(failed[0].reason as Error).message}`,
    );
  }
  return client;
}

/** The name of the bench's `i`-th instance; they sort in creation order up to 1,000. */
export function benchInstanceName(i: number): string {
  return `lxdx-b-${String(i).padStart(3, '0')}`;
}

export function ratio(ours: Sample, peer: Sample): string {
  return `${(ours.median / peer.median).toFixed(2)}×`;
}

export function ms(s: Sample): string {
  return `${s.median.toFixed(1)} ms (p10 ${s.p10.toFixed(1)}, p90 ${s.p90.toFixed(1)}, n=${s.runs})`;
}

export function targets(): Target[] {
  return testbed().targets;
}

/**
 * `bytes` of `head -c N /dev/zero` stdout in instance `name`: through our client (stdoutOurs) against
 * the CLI's `exec` into /dev/null, interleaved.
 */
export function measureStdout(
  client: Client,
  target: Target,
  project: string,
  name: string,
  bytes: number,
  runs: number,
  warmup: number,
): Promise<Record<string, Sample>> {
  return measureInterleaved(
    {
      ours: () => stdoutOurs(client, name, bytes),
      cli: () => runCli(target, ['exec', '--project', project, name, '--', 'head', '-c', String(bytes), '/dev/zero']),
    },
    runs,
    warmup,
  );
}

/** Streams `bytes` of a command's stdout through our client and counts them, as the CLI does into /dev/null. */
export async function stdoutOurs(client: Client, name: string, bytes: number): Promise<void> {
  const proc = await client.exec.spawn(name, { command: ['head', '-c', String(bytes), '/dev/zero'] });
  let got = 0;
  proc.stdout.on('data', (c: Buffer) => (got += c.length));
  proc.stderr.resume();
  proc.end();
  const status = await proc.exit;
  if (status.exitCode !== 0 || got !== bytes) {
    throw new Error(`exec: exit ${status.exitCode}, ${got} of ${bytes} bytes`);
  }
}
