import { Connection } from '../../connections/connection';

/**
 * Creates a network or storage pool on a standalone server in one call. On a cluster LXD wants two
 * steps: the object is first defined on every member with the keys that are that member's own
 * (`parent`, `source`, …), then created with the keys they share.
 */
export async function createOnServer(
  c: Connection,
  config: Record<string, string>,
  memberKeys: readonly string[],
  create: (config: Record<string, string>, target?: string) => Promise<void>,
): Promise<void> {
  if (!c.server?.clustered) {
    return create(config);
  }
  const own = Object.fromEntries(Object.entries(config).filter(([k]) => memberKeys.includes(k)));
  const shared = Object.fromEntries(Object.entries(config).filter(([k]) => !memberKeys.includes(k)));
  for (const m of await c.api().cluster.members()) {
    await create(own, m.server_name);
  }
  await create(shared);
}
