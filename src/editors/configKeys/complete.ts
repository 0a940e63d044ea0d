import { DEVICE_TYPES, Subject, blockAreas } from './areas';
import { describeKey } from './describe';
import { FoundKey, ConfigKeys } from './keys';
import { Spot } from './spot';

/** One completion, before VS Code types: text offsets, a snippet to insert, Markdown to show. */
export interface Suggestion {
  label: string;
  /** Shown beside the label: the type, and whether the server advertises the key. */
  description?: string;
  /** A snippet (`limits.memory: $1`). */
  insert: string;
  start: number;
  end: number;
  /** Text to remove too: the `{}` of `config: {}` when the first key goes under it. */
  remove?: { start: number; end: number };
  documentation?: string;
  isValue: boolean;
}

/**
 * What may be typed where the cursor is: the keys of the block (those of the object's kind under
 * `config:`, those of the device's type under a device) that are not there yet, or the values of a
 * boolean key or of a device's `type`. Keys the server writes itself (`volatile.*`) and former names
 * are not offered.
 */
export function suggest(spot: Spot, keys: ConfigKeys, subject: Subject): Suggestion[] {
  const range = { start: spot.start, end: spot.end };
  if (spot.at === 'value') {
    const found = keys.find(blockAreas(spot.block, keys, subject), spot.key);
    const values =
      spot.block.in === 'device' && spot.key === 'type' ? DEVICE_TYPES : found?.info.fields.type === 'bool' ? ['true', 'false'] : [];
    return values.map((v) => ({ label: v, insert: v, ...range, isValue: true }));
  }
  const remove = spot.emptyBraces;
  if (spot.block.in === 'device' && !spot.block.props.type) {
    return [
      { label: 'type', description: 'device type', insert: `type: \${1|${DEVICE_TYPES.join(',')}|}`, ...range, remove, isValue: false },
    ];
  }
  const present = new Set(spot.present);
  return keys
    .all(blockAreas(spot.block, keys, subject))
    .filter(({ info }) => !info.key.startsWith('volatile.') && !info.fields.former && !present.has(info.key))
    .map((found) => ({
      label: found.info.key,
      description: descriptionOf(found),
      insert: snippetOf(found),
      ...range,
      remove,
      documentation: describeKey(found, found.info.key, keys.lists),
      isValue: false,
    }));
}

function descriptionOf({ info, origin }: FoundKey): string {
  return [info.fields.type, origin === 'table' ? 'not advertised by this server' : undefined].filter(Boolean).join(' · ');
}

/**
 * `limits.memory: $1`, `boot.autostart: ${1|true,false|}`; placeholders of a pattern are tab stops
 * before the value: `user.*` → `user.${1:name}: $2`, `limits.disk.pool.POOL_NAME` → `limits.disk.pool.${1:POOL_NAME}: $2`.
 */
function snippetOf({ info }: FoundKey): string {
  let n = 0;
  const key = info.key
    .split('.')
    .map((s, i, all) => {
      if (s === '*' && i === all.length - 1) {
        return `\${${++n}:name}`;
      }
      const m = /^<([^>]+)>$/.exec(s) ?? /^([A-Z][A-Z_]*)$/.exec(s);
      return m ? `\${${++n}:${m[1]}}` : s.replace(/[$}\\]/g, '\\$&');
    })
    .join('.');
  const value = info.fields.type === 'bool' ? `\${${n + 1}|true,false|}` : `$${n + 1}`;
  return `${key}: ${value}`;
}
