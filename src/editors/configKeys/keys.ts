import type { ServerKind } from '../../client';
import { KeyCatalog, KeyInfo } from './catalog';
import { knownKeys } from './known';

/** Where a key's description comes from. */
export type KeyOrigin =
  /** The server's own list (`GET /1.0/metadata/configuration`). */
  | 'server'
  /** The generated table (Incus' list), for a server that publishes none: not advertised by this server. */
  | 'table'
  /** The extension's list of keys the servers accept but do not list (known.ts). */
  | 'known';

export interface FoundKey {
  info: KeyInfo;
  origin: KeyOrigin;
}

/** The lists that describe one server's keys. */
export interface KeyLists {
  server: { kind: ServerKind; label: string };
  /** The server's own list, when it publishes one. */
  own?: KeyCatalog;
  /** The generated table, for a server that publishes none; `label` is where it comes from (`Incus 6.0.4`). */
  table?: { catalog: KeyCatalog; label: string };
}

/**
 * What one server's configuration keys are, from the best list there is: the server's own where it
 * covers an area, else the generated table, and in both cases the keys known to be accepted
 * although unlisted. Pure: the providers ask it, the unit tests build it from fixtures.
 */
export class ConfigKeys {
  private readonly known: KeyCatalog;

  constructor(readonly lists: KeyLists) {
    this.known = knownKeys(lists.server.kind);
  }

  /** The list that speaks for an area: the server's own if it covers it, else the table. */
  private listFor(area: string): { catalog: KeyCatalog; origin: KeyOrigin } | undefined {
    if (this.lists.own?.covers(area)) {
      return { catalog: this.lists.own, origin: 'server' };
    }
    if (!this.lists.own && this.lists.table?.catalog.covers(area)) {
      return { catalog: this.lists.table.catalog, origin: 'table' };
    }
    return undefined;
  }

  /** Whether some list covers every area: only then is a key that none lists unknown. */
  judges(areas: readonly string[]): boolean {
    return areas.length > 0 && areas.every((a) => this.listFor(a));
  }

  /** Whether any list says something about an area (for completion and hover). */
  covers(area: string): boolean {
    return !!this.listFor(area);
  }

  /** The sections a list has under an entity (`devices` → `devices/disk`, `devices/nic_bridged`, …). */
  sectionsOf(entity: string): string[] {
    const catalog = this.lists.own ?? this.lists.table?.catalog;
    return catalog?.sectionsOf(entity) ?? [];
  }

  find(areas: readonly string[], key: string): FoundKey | undefined {
    for (const area of areas) {
      const list = this.listFor(area);
      const info = list?.catalog.find([area], key);
      if (list && info) {
        return { info, origin: list.origin };
      }
    }
    const known = this.known.find(areas, key);
    return known && { info: this.resolveSameAs(known, areas), origin: 'known' };
  }

  /** Every key of the areas, once each, for completion. */
  all(areas: readonly string[]): FoundKey[] {
    const seen = new Set<string>();
    const out: FoundKey[] = [];
    const add = (info: KeyInfo, origin: KeyOrigin): void => {
      if (!seen.has(info.key)) {
        seen.add(info.key);
        out.push({ info, origin });
      }
    };
    for (const area of areas) {
      const list = this.listFor(area);
      list?.catalog.keys([area]).forEach((k) => add(k, list.origin));
    }
    this.known.keys(areas).forEach((k) => add(this.resolveSameAs(k, areas), 'known'));
    return out;
  }

  /** Why a key no list has is unknown, said after `Unknown key "x"…`. */
  get unknownReason(): string {
    const { server, table, own } = this.lists;
    if (own) {
      return `${server.label} does not list it (the server decides when you save).`;
    }
    return `it is not in ${table ? `${table.label}'s` : 'the'} key list (${server.label} publishes none; the server decides when you save).`;
  }

  /** A former or other name shows the description of the key it stands for. */
  private resolveSameAs(info: KeyInfo, areas: readonly string[]): KeyInfo {
    const target = info.fields.sameas && this.find(areas, info.fields.sameas);
    return target ? { ...info, fields: { ...target.info.fields, ...info.fields } } : info;
  }
}
