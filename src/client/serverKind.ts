import type { ServerKind } from './api/server';
import type { RemoteCli } from './remotes';

/** The command-line tool of a kind of server: `lxc` for LXD (also while the kind is unknown), `incus` for Incus. */
export function cliName(kind: ServerKind | undefined): RemoteCli {
  return kind === 'incus' ? 'incus' : 'lxc';
}
