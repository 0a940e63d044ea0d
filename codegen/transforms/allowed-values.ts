import type { TypeNode } from '../model';

/**
 * The specs have no `enum`: allowed values live in descriptions. Only two shapes count, because they are
 * unambiguous in these files:
 *   - a parenthesised list of at least two bare words: `(container or virtual-machine)`,
 *     `(one of "devel", "stable" or "deprecated")`, `(start, stop, restart, freeze, unfreeze)`;
 *   - a sentence listing quoted words: `Valid actions are "evacuate" and "restore".`,
 *     `Either "full-mesh", "hub-server" or "hub-client".`
 * A list that trails off (`...`) or holds prose (`(for remote images or migration)`) is not a closed set and
 * yields nothing. test/unit/codegen/allowed-values.test.ts pins exactly which properties get a union.
 */
export function allowedValues(description: string | undefined): string[] | undefined {
  if (!description) return undefined;
  for (const match of description.matchAll(/\(([^()]*)\)/g)) {
    const values = splitList(match[1].replace(/^\s*(?:one of|either)\s+/i, ''));
    if (values) return values;
  }
  const sentence = /\b(?:one of|either|valid \w+ are)\s+("[^"]+"(?:\s*,\s*"[^"]+")*,?\s+(?:or|and)\s+"[^"]+")/i.exec(description);
  return sentence ? splitList(sentence[1], true) : undefined;
}

/** `and` joins only quoted lists: in parentheses it is prose more often than not (`(CPU and memory)`). */
function splitList(text: string, quoted = false): string[] | undefined {
  if (!(quoted ? /,| or | and / : /,| or /).test(text) || /\.\.\.|…/.test(text)) return undefined;
  const parts = text.split(/\s*,\s*(?:(?:or|and)\s+)?|\s+(?:or|and)\s+/).map((part) => part.trim().replace(/^"(.*)"$/, '$1'));
  if (parts.length < 2 || !parts.every((part) => /^[A-Za-z0-9][\w.-]*$/.test(part))) return undefined;
  return [...new Set(parts)];
}

/**
 * Unions that stay open (`| (string & {})`) although their description reads as a closed list, because the
 * server is known to send more. Each entry says why; a union also opens when the specs disagree on its
 * values (see merge.ts), which shows the set grows between releases.
 */
const ISO_VOLUMES = 'newer LXD and Incus also have `iso` custom volumes (ContentTypeISO in the storage drivers).';

export const OPEN_UNIONS: Readonly<Record<string, string>> = {
  'InitStorageVolumesProjectPost.content_type': ISO_VOLUMES,
  'InstanceState.status':
    'the server sends the name of any instance StatusCode, e.g. `Ready` (113) once the VM agent or guest signals readiness.',
  'StoragePool.status':
    'a pool that failed to initialise on this member reports `Unavailable` (StoragePoolStatusUnvailable in shared/api).',
  'StorageVolume.content_type': ISO_VOLUMES,
  'StorageVolumeFull.content_type': ISO_VOLUMES,
  'StorageVolumeSnapshot.content_type': ISO_VOLUMES,
  'StorageVolumesPost.content_type': ISO_VOLUMES,
};

/** Narrows `string` (or `string[]`, e.g. `ImageMetadataTemplate.when`) to the listed literals. */
export function withAllowedValues(type: TypeNode, values: string[], open: boolean): TypeNode {
  if (type.kind === 'primitive' && type.name === 'string') return { kind: 'literals', values, open };
  if (type.kind === 'array') return { kind: 'array', items: withAllowedValues(type.items, values, open) };
  return type;
}
