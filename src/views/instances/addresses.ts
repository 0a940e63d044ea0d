import type { InstanceState } from '../../generated';

/** Global-scope addresses of an instance, interface by interface, leaving out loopback (`lo`). */
function globalAddresses(state: InstanceState | undefined): { iface: string; family?: string; address: string }[] {
  const out: { iface: string; family?: string; address: string }[] = [];
  for (const [iface, net] of Object.entries(state?.network ?? {})) {
    if (iface === 'lo') {
      continue;
    }
    for (const a of net.addresses ?? []) {
      if (a.scope === 'global' && a.address) {
        out.push({ iface, family: a.family, address: a.address });
      }
    }
  }
  return out;
}

/** Global IPv4 addresses of an instance (not loopback, not link-local). */
export function ipv4Addresses(state: InstanceState | undefined): string[] {
  return globalAddresses(state)
    .filter((a) => a.family === 'inet')
    .map((a) => a.address);
}

export function allAddresses(state: InstanceState | undefined): string[] {
  return globalAddresses(state).map((a) => `${a.address} (${a.iface})`);
}
