/**
 * `npm run bench:tree`: how soon the Instances view has the data for its first paint with 200
 * instances, against raw `curl` of `/1.0/instances?recursion=1` on the same socket and against
 * `lxc list` (what a CLI user waits for). The measured path is the view's own: one list call
 * without state, keyed and sorted (`listInstanceRows`), on a fresh connection as at start-up.
 * Target: ≤ 1.5× curl, which itself is ≥ 10× faster than `lxc list`.
 */
import { Client } from '../src/client';
import { listInstanceRows } from '../src/views/instances/model';
import { BENCH_PROJECT, curlTime, ensureBenchInstances, measureCli, measureInterleaved, ms, ratio, targets } from './lib';

const COUNT = Number(process.env.BENCH_INSTANCES ?? 200);

async function main(): Promise<void> {
  for (const target of targets()) {
    await (await ensureBenchInstances(target, COUNT)).close();
    console.log(`\n## ${target.name}, ${COUNT} instances in project ${BENCH_PROJECT}`);
    const path = `/1.0/instances?recursion=1&project=${BENCH_PROJECT}`;
    // A new client per run: the first paint happens on a connection that was just opened.
    const r = await measureInterleaved({
      ours: async () => {
        const c = Client.unix(target.socket, { project: BENCH_PROJECT });
        const rows = await listInstanceRows(c, { allProjects: false, project: BENCH_PROJECT });
        if (rows.length < COUNT) {
          throw new Error(`only ${rows.length} rows`);
        }
        await c.close();
      },
      curl: () => curlTime(target.socket, path),
    });
    const [firstPaint, curl] = [r.ours, r.curl];
    const cli = await measureCli(target, ['list', '--project', BENCH_PROJECT, '--format', 'csv', '-c', 'ns46tS'], 5, 1);
    console.log(`first-paint data  ours ${ms(firstPaint)}`);
    console.log(`curl recursion=1  ${ms(curl)}`);
    console.log(`${target.cli} list        ${ms(cli)}`);
    console.log(
      `ratios: ours/curl ${ratio(firstPaint, curl)} (target ≤ 1.5×); ${target.cli} list/curl ${ratio(cli, curl)} (target ≥ 10×); ours/${target.cli} list ${ratio(firstPaint, cli)}`,
    );
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
