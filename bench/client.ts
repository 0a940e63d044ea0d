/**
 * `npm run bench:client`: the client against its peers on the same daemon, from one run.
 *   - listing 200 instances without state (recursion=1) and with state (recursion=2)
 *     vs `curl` on the same socket and vs `lxc list --format json`
 *   - 100 MB of exec stdout streamed through the client vs `lxc exec` into /dev/null
 *   - a 50 MB file read vs `lxc file pull`
 * Printed as ratios (ours / peer): below 1 is faster. Targets: ≤ 1.1× curl for listing; at least
 * as fast as the CLI (≤ 1×) for exec and files.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  BENCH_PROJECT,
  curlTime,
  ensureBenchInstances,
  measureCli,
  measureInterleaved,
  measureStdout,
  ms,
  ratio,
  runCli,
  targets,
} from './lib';

const COUNT = Number(process.env.BENCH_INSTANCES ?? 200);

async function main(): Promise<void> {
  for (const target of targets()) {
    const client = await ensureBenchInstances(target, COUNT);
    const probe = (await client.instances.list())[0].name!;
    console.log(`\n## ${target.name} (${target.cli}), ${COUNT} running instances in project ${BENCH_PROJECT}`);

    const r1 = await measureInterleaved({
      ours: async () => void (await client.instances.list()),
      curl: () => curlTime(target.socket, `/1.0/instances?recursion=1&project=${BENCH_PROJECT}`),
    });
    const r2 = await measureInterleaved(
      {
        ours: async () => void (await client.instances.listFull()),
        curl: () => curlTime(target.socket, `/1.0/instances?recursion=2&project=${BENCH_PROJECT}`),
      },
      7,
      2,
    );
    const [list1, curl1, list2, curl2] = [r1.ours, r1.curl, r2.ours, r2.curl];
    const cliList = await measureCli(target, ['list', '--project', BENCH_PROJECT, '--format', 'json'], 5, 1);
    console.log(
      `list, no state   ours ${ms(list1)}  curl ${ms(curl1)}  → ${ratio(list1, curl1)} curl, ${ratio(list1, cliList)} ${target.cli} list`,
    );
    console.log(
      `list, with state ours ${ms(list2)}  curl ${ms(curl2)}  → ${ratio(list2, curl2)} curl, ${ratio(list2, cliList)} ${target.cli} list`,
    );
    console.log(`${target.cli} list --format json: ${ms(cliList)}`);

    const mb = 100;
    const re = await measureStdout(client, target, BENCH_PROJECT, probe, mb * 1024 * 1024, 15, 2);
    const [exec, cliExec] = [re.ours, re.cli];
    console.log(`exec ${mb} MB stdout  ours ${ms(exec)}  ${target.cli} exec ${ms(cliExec)}  → ${ratio(exec, cliExec)}`);

    const fileMb = 50;
    await client.exec.run(probe, { command: ['sh', '-c', `head -c ${fileMb * 1024 * 1024} /dev/urandom > /tmp/bench.bin`] });
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lxdx-bench-'));
    const rf = await measureInterleaved(
      {
        ours: async () => {
          const b = await client.files.readFile(probe, '/tmp/bench.bin');
          if (b.length !== fileMb * 1024 * 1024) {
            throw new Error(`short read: ${b.length}`);
          }
        },
        cli: () => runCli(target, ['file', 'pull', '--project', BENCH_PROJECT, `${probe}/tmp/bench.bin`, path.join(tmp, 'bench.bin')]),
      },
      15,
      2,
    );
    const [read, pull] = [rf.ours, rf.cli];
    fs.rmSync(tmp, { recursive: true, force: true });
    console.log(`file read ${fileMb} MB  ours ${ms(read)}  ${target.cli} file pull ${ms(pull)}  → ${ratio(read, pull)}`);
    await client.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
