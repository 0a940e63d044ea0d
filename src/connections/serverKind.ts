import { RemoteCli, ServerKind, cliName } from '../client';

/**
 * LXD or Incus, and the names that go with each. The client reads the kind from `GET /1.0`
 * (`ServerKind`) and knows each kind's CLI (`cliName`); this module adds what the UI says. Where
 * the kind is not known yet, LXD's names are used.
 */
export { ServerKind, cliName };

export interface KindNames {
  /** What the user calls the server: `LXD`, `Incus`. */
  product: 'LXD' | 'Incus';
  /** Its command-line tool: `lxc`, `incus`. */
  cli: RemoteCli;
  /** The group whose members may use the daemon's socket. */
  socketGroup: string;
  /** Starts the daemon where it was installed the usual way (LXD: snap or package). */
  startCommand: string;
}

const NAMES: Record<ServerKind, KindNames> = {
  lxd: {
    product: 'LXD',
    cli: cliName('lxd'),
    socketGroup: 'lxd',
    startCommand: 'sudo snap start lxd 2>/dev/null || sudo systemctl start lxd',
  },
  incus: { product: 'Incus', cli: cliName('incus'), socketGroup: 'incus-admin', startCommand: 'sudo systemctl start incus' },
};

export function namesOf(kind: ServerKind | undefined): KindNames {
  return NAMES[kind ?? 'lxd'];
}

export function productName(kind: ServerKind | undefined): 'LXD' | 'Incus' {
  return namesOf(kind).product;
}

/** What the user calls a connection's server: `Incus` or `LXD` (the latter also while its kind is unknown). */
export function daemonName(c: { server?: { kind: ServerKind } }): 'LXD' | 'Incus' {
  return productName(c.server?.kind);
}
