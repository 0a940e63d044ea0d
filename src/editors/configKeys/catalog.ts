/**
 * One configuration key as a server's metadata (`GET /1.0/metadata/configuration`) describes it.
 * Pure data, no VS Code: unit-tested with small fixtures.
 */
export interface KeyInfo {
  /** As the metadata writes it: `limits.memory`, `user.*`, `volatile.<name>.hwaddr`, `limits.disk.pool.POOL_NAME`. */
  key: string;
  /** Where it is listed, `<entity>/<group>`: `instance/resource-limits`, `devices/disk`, `network_bridge/common`. */
  section: string;
  /** `shortdesc`, `longdesc`, `type`, `defaultdesc` or `default`, `scope`, `liveupdate`, `condition`, `required`, … */
  fields: Readonly<Record<string, string>>;
  /** For a key with placeholders (`*`, `<name>`, an upper-case segment such as `POOL_NAME`): the keys it stands for. */
  pattern?: RegExp;
}

/**
 * The metadata as the server sends it and the generated table holds it. The fields of a key are
 * text; the daemons send more of them than the specs' `MetadataConfigKey` names, hence `object`.
 */
export interface KeyMetadata {
  configs?: Record<string, Record<string, { keys?: Record<string, object>[] | null }>>;
}

/** Placeholders in key names: `*` (anything, at the end), `<name>`, or a segment in capitals (`NAME`, `POOL_NAME`). */
function patternOf(key: string): RegExp | undefined {
  const segments = key.split('.');
  const isPlaceholder = (s: string): boolean => s === '*' || /^<[^>]+>$/.test(s) || /^[A-Z][A-Z_]*$/.test(s);
  if (!segments.some(isPlaceholder)) {
    return undefined;
  }
  const body = segments
    .map((s, i) => (s === '*' && i === segments.length - 1 ? '.+' : isPlaceholder(s) ? '[^.]+' : escapeRegExp(s)))
    .join('\\.');
  return new RegExp(`^${body}$`);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The keys of one list (a server's metadata, the generated table, the extension's own additions),
 * by section. An area is an entity (`instance`) or one of its groups (`devices/disk`).
 */
export class KeyCatalog {
  private constructor(private readonly bySection: ReadonlyMap<string, readonly KeyInfo[]>) {}

  static from(metadata: KeyMetadata): KeyCatalog {
    const bySection = new Map<string, KeyInfo[]>();
    for (const [entity, groups] of Object.entries(metadata.configs ?? {})) {
      for (const [group, { keys }] of Object.entries(groups)) {
        const section = `${entity}/${group}`;
        const infos = (keys ?? []).flatMap((entry) =>
          Object.entries(entry).map(([key, fields]): KeyInfo => ({
            key,
            section,
            fields: fields as Record<string, string>,
            pattern: patternOf(key),
          })),
        );
        bySection.set(section, [...(bySection.get(section) ?? []), ...infos]);
      }
    }
    return new KeyCatalog(bySection);
  }

  static of(keys: readonly KeyInfo[]): KeyCatalog {
    const bySection = new Map<string, KeyInfo[]>();
    for (const k of keys) {
      bySection.set(k.section, [...(bySection.get(k.section) ?? []), { ...k, pattern: k.pattern ?? patternOf(k.key) }]);
    }
    return new KeyCatalog(bySection);
  }

  /** Whether the list says anything about an area: then a key it does not list is unknown to it. */
  covers(area: string): boolean {
    return [...this.bySection.keys()].some((s) => inArea(s, area));
  }

  /** The sections under an entity: `devices/disk`, `devices/nic_bridged`, … */
  sectionsOf(entity: string): string[] {
    return [...this.bySection.keys()].filter((s) => inArea(s, entity));
  }

  keys(areas: readonly string[]): KeyInfo[] {
    return [...this.bySection.entries()].filter(([s]) => areas.some((a) => inArea(s, a))).flatMap(([, keys]) => keys);
  }

  /** The key's own entry, else the most specific pattern that matches it (`volatile.<name>.hwaddr` for `volatile.eth0.hwaddr`). */
  find(areas: readonly string[], key: string): KeyInfo | undefined {
    const keys = this.keys(areas);
    return (
      keys.find((k) => !k.pattern && k.key === key) ??
      keys.filter((k) => k.pattern?.test(key)).sort((a, b) => literalLength(b.key) - literalLength(a.key))[0]
    );
  }
}

function inArea(section: string, area: string): boolean {
  return section === area || section.startsWith(`${area}/`);
}

function literalLength(key: string): number {
  return key.replace(/\*|<[^>]+>/g, '').length;
}
