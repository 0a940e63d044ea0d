import type { ServerKind } from '../../client';
import { KeyCatalog, KeyInfo } from './catalog';

/**
 * Instance keys that LXD 5.0.2 and Incus 6.0.4 accept although no key list names them, found by
 * setting them on the test bed's daemons (`test/integration/configKeys.test.ts` sets each one on
 * the servers named here, so this list cannot drift from what the daemons do). Without them, keys
 * every LXD instance carries (`security.devlxd`) or the server writes itself (`image.*`) would be
 * flagged as unknown.
 */
export interface KnownKey {
  key: string;
  servers: readonly ServerKind[];
  /** A value the daemons accept, for the test. */
  example: string;
  fields: Record<string, string>;
  /** The key of the servers' lists this one is another name for: its description is shown. */
  sameAs?: string;
  /** A former name: accepted, not offered. */
  former?: boolean;
}

export const KNOWN_INSTANCE_KEYS: readonly KnownKey[] = [
  {
    key: 'image.*',
    servers: ['lxd', 'incus'],
    example: 'lxdx',
    fields: {
      type: 'string',
      shortdesc: 'A property of the image the instance was created from (`image.os`, `image.release`, …), copied when it was created',
    },
  },
  {
    key: 'limits.kernel.*',
    servers: ['lxd', 'incus'],
    example: '1024',
    fields: {
      type: 'string',
      shortdesc:
        'A kernel resource limit (`RLIMIT_<NAME>` as `limits.kernel.<name>`): the server accepts any name, the list shows the common ones',
    },
  },
  {
    key: 'volatile.apply_quota',
    servers: ['lxd', 'incus'],
    example: 'lxdx',
    fields: { type: 'string', shortdesc: 'Disk quota still to be applied at the next start (written by the server)' },
  },
  {
    key: 'volatile.cloud-init.instance-id',
    servers: ['lxd', 'incus'],
    example: '6e9a0c8e-5d3c-4b8a-9a36-0c5b2f3e4d11',
    fields: {
      type: 'string',
      shortdesc: 'The instance ID that cloud-init sees (written by the server); a new one makes cloud-init run again',
      longdesc: 'Incus 6.0.4 lists it as `volatile.cloud_init.instance-id`, a name it refuses.',
    },
  },
  {
    key: 'security.syscalls.blacklist',
    former: true,
    servers: ['lxd', 'incus'],
    example: 'lxdx',
    sameAs: 'security.syscalls.deny',
    fields: { note: 'Former name of `security.syscalls.deny`.' },
  },
  {
    key: 'security.syscalls.blacklist_compat',
    former: true,
    servers: ['lxd', 'incus'],
    example: 'false',
    sameAs: 'security.syscalls.deny_compat',
    fields: { note: 'Former name of `security.syscalls.deny_compat`.' },
  },
  {
    key: 'security.syscalls.blacklist_default',
    former: true,
    servers: ['lxd', 'incus'],
    example: 'true',
    sameAs: 'security.syscalls.deny_default',
    fields: { note: 'Former name of `security.syscalls.deny_default`.' },
  },
  {
    key: 'security.syscalls.whitelist',
    former: true,
    servers: ['lxd', 'incus'],
    example: 'lxdx',
    sameAs: 'security.syscalls.allow',
    fields: { note: 'Former name of `security.syscalls.allow`.' },
  },
  {
    key: 'security.devlxd',
    servers: ['lxd'],
    example: 'true',
    sameAs: 'security.guestapi',
    fields: { note: "LXD's name for Incus' `security.guestapi` (`/dev/lxd` in the instance)." },
  },
  {
    key: 'security.devlxd.images',
    servers: ['lxd'],
    example: 'false',
    sameAs: 'security.guestapi.images',
    fields: { note: "LXD's name for Incus' `security.guestapi.images`." },
  },
  {
    key: 'limits.network.priority',
    servers: ['lxd'],
    example: '5',
    fields: {
      type: 'integer',
      shortdesc: "Priority of the instance's network requests when under load (0 to 10)",
      note: 'LXD only: Incus dropped it.',
    },
  },
];

/** The known keys a kind of server accepts, as a list of their own (section `instance/known`). */
export function knownKeys(kind: ServerKind): KeyCatalog {
  return KeyCatalog.of(
    KNOWN_INSTANCE_KEYS.filter((k) => k.servers.includes(kind)).map((k): KeyInfo => ({
      key: k.key,
      section: 'instance/known',
      fields: { ...k.fields, ...(k.sameAs && { sameas: k.sameAs }), ...(k.former && { former: 'yes' }) },
    })),
  );
}
