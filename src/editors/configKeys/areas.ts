import type { ConfigKeys } from './keys';
import type { Block } from './spot';

/**
 * What a configuration document configures, as far as its keys depend on it: the kind, and for
 * networks their type, for pools and volumes the pool's driver (read from the server).
 */
export type Subject =
  { kind: 'instance' | 'profile' | 'project' } | { kind: 'network'; type?: string } | { kind: 'pool' | 'volume'; driver?: string };

/**
 * Where the metadata lists the keys of a subject's `config:`. Incus names its entities so:
 * `instance` (and `kernel` for `limits.kernel.*`), `project`, `network_<type>`, `storage_<driver>`
 * for pools and `storage_volume_<driver>` for volumes (Incus 6.0.4 lists no network nor storage
 * keys; later releases do, under these names).
 */
export function configAreas(s: Subject): string[] {
  switch (s.kind) {
    case 'instance':
    case 'profile':
      return ['instance', 'kernel'];
    case 'project':
      return ['project'];
    case 'network':
      return s.type ? [`network_${s.type}`] : [];
    case 'pool':
      return s.driver ? [`storage_${s.driver}`] : [];
    case 'volume':
      return s.driver ? [`storage_volume_${s.driver}`] : [];
  }
}

/** The property that says which variant of a device type a device is, and the variant when it is not set. */
const VARIANT: Record<string, { property: string; fallback?: string }> = {
  nic: { property: 'nictype' },
  gpu: { property: 'gputype', fallback: 'physical' },
};

/** Properties that choose what a device is, which the metadata does not list among its properties. */
export function isDeviceKind(property: string): boolean {
  return property === 'type' || Object.values(VARIANT).some((v) => v.property === property);
}

/** Device types that share one section of the metadata. */
const SHARED: Record<string, string> = { 'unix-char': 'unix-char-block', 'unix-block': 'unix-char-block' };

/** The device types a user can write under `type:`. */
export const DEVICE_TYPES = [
  'disk',
  'nic',
  'none',
  'unix-char',
  'unix-block',
  'unix-hotplug',
  'usb',
  'gpu',
  'infiniband',
  'proxy',
  'pci',
  'tpm',
];

/**
 * Where the metadata lists a device's properties: `devices/<type>`, `devices/<type>_<variant>`
 * (`nic_bridged`, `gpu_physical`) or a shared section (`unix-char-block`). `exact` when one section
 * is known to be the device's; otherwise (a `nic` given by `network:` and no `nictype`) the
 * sections of every variant, good for completion and hover but not for calling a property unknown.
 */
export function deviceAreas(device: Readonly<Record<string, string>>, keys: ConfigKeys): { areas: string[]; exact: boolean } {
  const type = device.type;
  if (!type) {
    return { areas: [], exact: false };
  }
  const variant = VARIANT[type] && (device[VARIANT[type].property] || VARIANT[type].fallback);
  const candidates = [variant && `devices/${type}_${variant}`, `devices/${type}`, SHARED[type] && `devices/${SHARED[type]}`].filter(
    (a): a is string => !!a,
  );
  const exact = candidates.find((a) => keys.covers(a));
  if (exact) {
    return { areas: [exact], exact: true };
  }
  return { areas: keys.sectionsOf('devices').filter((s) => s.startsWith(`devices/${type}_`)), exact: false };
}

/** Where the keys of a block of the document are listed: the subject's `config:`, or a device's properties. */
export function blockAreas(block: Block, keys: ConfigKeys, subject: Subject): string[] {
  return block.in === 'config' ? configAreas(subject) : deviceAreas(block.props, keys).areas;
}
