import type { ServerKind } from '../../../../src/client';
import { KeyCatalog, KeyMetadata } from '../../../../src/editors/configKeys/catalog';
import { ConfigKeys } from '../../../../src/editors/configKeys/keys';

type Fields = Record<string, string>;

/** A group of keys as the metadata writes it: a list of one-entry objects. */
export function group(keys: Record<string, Fields>): { keys: Record<string, Fields>[] } {
  return { keys: Object.entries(keys).map(([k, f]) => ({ [k]: f })) };
}

/** A small metadata in the shape of Incus' `GET /1.0/metadata/configuration`. */
export const METADATA: KeyMetadata = {
  configs: {
    instance: {
      boot: group({
        'boot.autostart': {
          type: 'bool',
          shortdesc: 'Whether to always start the instance when the daemon starts',
          defaultdesc: '-',
          liveupdate: 'no',
        },
      }),
      'resource-limits': group({
        'limits.memory': {
          type: 'string',
          shortdesc: "Usage limit for the host's memory",
          longdesc: 'See {ref}`instance-options-limits-memory` and {config:option}`instance-resource-limits:limits.cpu`.',
          defaultdesc: '`1GiB` (VMs)',
          liveupdate: 'yes',
        },
        'limits.cpu.priority': {
          type: 'integer',
          shortdesc: 'CPU scheduling priority compared to other instances',
          condition: 'container',
        },
      }),
      miscellaneous: group({
        'user.*': { type: 'string', shortdesc: 'Free-form user key/value storage' },
        'environment.*': { type: 'string', shortdesc: 'Environment variables for the instance' },
      }),
      security: group({
        'security.guestapi': { type: 'bool', shortdesc: 'Whether `/dev/incus` is present in the instance', defaultdesc: '`true`' },
        'security.syscalls.deny': { type: 'string', shortdesc: 'A `\\n`-separated list of syscalls to deny' },
      }),
      volatile: group({ 'volatile.<name>.hwaddr': { type: 'string', shortdesc: 'Network device MAC address' } }),
    },
    kernel: {
      limits: group({ 'limits.kernel.nofile': { type: 'string', shortdesc: 'Maximum number of open files', resource: '`RLIMIT_NOFILE`' } }),
    },
    project: {
      limits: group({ 'limits.disk.pool.POOL_NAME': { type: 'string', shortdesc: 'Maximum disk space used by the project on this pool' } }),
      features: group({ 'features.images': { type: 'bool', shortdesc: 'Separate set of images for the project' } }),
    },
    devices: {
      disk: group({
        path: { type: 'string', required: 'yes', shortdesc: 'Path inside the instance where the disk will be mounted' },
        pool: { type: 'string', shortdesc: 'The storage pool the volume is in' },
        readonly: { type: 'bool', default: '`false`', shortdesc: 'Controls whether to make the mount read-only' },
        source: { type: 'string', shortdesc: 'Source of a file system or block device' },
      }),
      'unix-char-block': group({
        path: { type: 'string', shortdesc: 'Path inside the instance' },
        mode: { type: 'int', shortdesc: 'Mode of the device in the instance' },
      }),
    },
  },
};

/** The same lists for a newer Incus that also lists network, storage and NIC keys. */
export const NEWER_METADATA: KeyMetadata = {
  configs: {
    ...METADATA.configs,
    devices: {
      ...METADATA.configs!.devices,
      nic_bridged: group({
        parent: { type: 'string', shortdesc: 'The name of the host device' },
        mtu: { type: 'integer', shortdesc: 'The MTU of the new interface' },
      }),
      nic_macvlan: group({
        parent: { type: 'string', shortdesc: 'The name of the host device' },
        vlan: { type: 'integer', shortdesc: 'The VLAN ID to attach to' },
      }),
    },
    network_bridge: {
      common: group({ 'ipv4.nat': { type: 'bool', shortdesc: 'Whether to NAT' }, 'user.*': { type: 'string', shortdesc: 'User keys' } }),
    },
    storage_zfs: { common: group({ 'zfs.pool_name': { type: 'string', shortdesc: 'Name of the zpool' } }) },
    storage_volume_zfs: { common: group({ 'zfs.blocksize': { type: 'string', shortdesc: 'Size of the ZFS blocks' } }) },
  },
};

/** The keys of an Incus server that publishes `metadata`. */
export function incusKeys(metadata: KeyMetadata = METADATA): ConfigKeys {
  return new ConfigKeys({ server: { kind: 'incus', label: 'Incus 6.0.4' }, own: KeyCatalog.from(metadata) });
}

/** The keys of a server that publishes none (LXD 5.0), from the generated table (here the fixture). */
export function tableKeys(kind: ServerKind = 'lxd'): ConfigKeys {
  return new ConfigKeys({
    server: { kind, label: kind === 'lxd' ? 'LXD 5.0.2' : 'Incus 6.0.0' },
    table: { catalog: KeyCatalog.from(METADATA), label: 'Incus 6.0.4' },
  });
}

/** A document and an offset, written with `|` where the cursor is. */
export function cursor(textWithBar: string): { text: string; offset: number } {
  const offset = textWithBar.indexOf('|');
  return { text: textWithBar.slice(0, offset) + textWithBar.slice(offset + 1), offset };
}
