import type { ServerKind } from '../../client';
import { KeyCatalog, KeyMetadata } from './catalog';
import { ConfigKeys } from './keys';

/** What the key lists need to know of a server. */
export interface KeyServer {
  /** The connection's id and the server's version: a server upgraded under the same connection is read again. */
  id: string;
  kind: ServerKind;
  /** `LXD 5.0.2`, `Incus 6.0.4`. */
  label: string;
  /** Whether it publishes its keys (API extension `metadata_configuration`). */
  publishesKeys: boolean;
  fetchKeys(): Promise<KeyMetadata>;
}

/** The generated module (src/generated/configKeys.ts), loaded at first use. */
export interface GeneratedTable {
  CONFIG_KEYS: KeyMetadata;
  CONFIG_KEYS_SOURCE: { product: string; version: string };
}

/**
 * The key lists of each server, read once per connection when its first configuration editor
 * opens: the server's own where it publishes them, else the generated table, itself loaded only
 * then (it is a file of its own, dist/configKeys.js, kept out of the extension's bundle).
 */
export class KeySources {
  private readonly byServer = new Map<string, Promise<ConfigKeys>>();
  private table?: Promise<{ catalog: KeyCatalog; label: string }>;

  constructor(
    private readonly loadTable: () => Promise<GeneratedTable>,
    private readonly warn: (message: string) => void,
  ) {}

  keysOf(server: KeyServer): Promise<ConfigKeys> {
    let keys = this.byServer.get(server.id);
    if (!keys) {
      keys = this.read(server);
      this.byServer.set(server.id, keys);
      // A failure is not kept: the next editor asks again.
      keys.catch(() => this.byServer.delete(server.id));
    }
    return keys;
  }

  private async read(server: KeyServer): Promise<ConfigKeys> {
    const identity = { kind: server.kind, label: server.label };
    if (server.publishesKeys) {
      try {
        return new ConfigKeys({ server: identity, own: KeyCatalog.from(await server.fetchKeys()) });
      } catch (e) {
        this.warn(
          `${server.label} did not give its configuration keys (${(e as Error).message}): the editors use the keys of the generated table.`,
        );
      }
    }
    return new ConfigKeys({ server: identity, table: await this.generatedTable() });
  }

  private generatedTable(): Promise<{ catalog: KeyCatalog; label: string }> {
    this.table ??= this.loadTable().then((t) => ({
      catalog: KeyCatalog.from(t.CONFIG_KEYS),
      label: `${t.CONFIG_KEYS_SOURCE.product} ${t.CONFIG_KEYS_SOURCE.version}`,
    }));
    return this.table;
  }
}
