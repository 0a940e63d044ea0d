import type { Instance } from '../../generated';
import type { Client } from '../../client';

/** One row of the Instances view before it becomes a tree item. */
export interface InstanceRow {
  key: string;
  project: string;
  name: string;
  instance: Instance;
}

/** The key of an instance among a connection's: its project and name. */
export function instanceKey(project: string, name: string): string {
  return `${project}/${name}`;
}

/**
 * What the first paint of the Instances view needs: one list call without state (recursion=1),
 * keyed and sorted. Kept free of `vscode` so the benchmark measures exactly this path.
 */
export async function listInstanceRows(client: Client, opts: { allProjects: boolean; project: string }): Promise<InstanceRow[]> {
  const list = await client.instances.list({ allProjects: opts.allProjects });
  const rows = list.map((instance) => {
    const project = instance.project ?? opts.project;
    const name = instance.name ?? '';
    return { key: instanceKey(project, name), project, name, instance };
  });
  return rows.sort((a, b) => a.name.localeCompare(b.name) || a.project.localeCompare(b.project));
}
