import { Target } from '../../test/support/testbed';
import { curlTime, percentile, runCli } from '../lib';
import { Scale, scaleProject } from './projects';

/**
 * What a CLI user waits for on the same projects, in the same round: `curl` of the list the tree
 * makes (recursion=1, its own total time, median of 3) and `lxc list` / `incus list` as typed
 * (default columns, which need every instance's state), in ms by name (`curl lxd`, `lxc list`).
 */
export async function peerTimes(targets: readonly Target[], scale: Scale): Promise<Record<string, number>> {
  const project = scaleProject(scale);
  const times: Record<string, number> = {};
  for (const target of targets) {
    const curls: number[] = [];
    for (let i = 0; i < 3; i++) {
      curls.push(await curlTime(target.socket, `/1.0/instances?recursion=1&project=${project}`));
    }
    times[`curl ${target.name}`] = percentile(curls, 0.5);
    const start = Date.now();
    await runCli(target, ['list', '--project', project]);
    times[`${target.cli} list`] = Date.now() - start;
  }
  return times;
}
