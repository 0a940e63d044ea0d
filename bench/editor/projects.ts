import { ensureBenchInstances } from '../lib';
import { Target } from '../../test/support/testbed';

/** The sizes the editor bench compares: instances per server. */
export const SCALES = [1, 1000] as const;
export type Scale = (typeof SCALES)[number];

/** Each size has a project of its own on each daemon, kept between runs. */
export function scaleProject(scale: Scale): string {
  return `lxdx-bench-${scale}`;
}

/**
 * Creates what is missing of every scale's project on every daemon: stopped instances (the tree
 * shows them as well, and 2,000 running containers would weigh on the machine being measured).
 */
export async function ensureScaleProjects(targets: readonly Target[]): Promise<void> {
  for (const target of targets) {
    for (const scale of SCALES) {
      await (await ensureBenchInstances(target, scale, { project: scaleProject(scale), running: 1, concurrency: 6 })).close();
    }
  }
}
