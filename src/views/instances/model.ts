import type { Instance, InstanceState } from '../../generated';
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

/** The configuration keys a row's tooltip reads (the image it came from). */
const ROW_CONFIG_KEYS = ['image.description', 'image.os', 'image.release', 'image.variant'];

/**
 * What a node keeps of a listed instance: the fields its row, tooltip and menus show. The rest
 * (volatile keys, expanded config and devices other than proxies: most of the object) is read again where it is
 * needed (details, config editor, shell), so 1,000 nodes hold a few hundred bytes each.
 */
export function rowInstance(i: Instance): Instance {
  const config: Record<string, string> = {};
  for (const k of ROW_CONFIG_KEYS) {
    if (i.config?.[k]) {
      config[k] = i.config[k];
    }
  }
  return {
    name: i.name,
    project: i.project,
    status: i.status,
    type: i.type,
    location: i.location,
    description: i.description,
    created_at: i.created_at,
    last_used_at: i.last_used_at,
    profiles: i.profiles,
    config,
    // Proxy devices are rows under the instance ("Open in Browser…" adds them); other devices are not kept.
    devices: Object.fromEntries(Object.entries(i.devices ?? {}).filter(([, d]) => d.type === 'proxy')),
  };
}

/** What a node keeps of an instance's state: its addresses, memory use and process count. */
export function rowState(s: InstanceState): InstanceState {
  const network: NonNullable<InstanceState['network']> = {};
  for (const [iface, net] of Object.entries(s.network ?? {})) {
    network[iface] = { addresses: net.addresses } as NonNullable<InstanceState['network']>[string];
  }
  return {
    network,
    memory: s.memory?.usage !== undefined ? ({ usage: s.memory.usage } as InstanceState['memory']) : undefined,
    processes: s.processes,
  } as InstanceState;
}
