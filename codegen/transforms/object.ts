import type { Schema } from '../spec';
import { byName, UNKNOWN, type TypeNode } from '../model';
import { propertyFromSchema } from './property';

/**
 * An object with `properties` becomes an inline object type; a bare `type: object` (Go json.RawMessage or an
 * untyped struct, e.g. LXD's `Event.metadata`) becomes `Record<string, unknown>`.
 */
export function objectType(schema: Schema, owner: string, convert: (s: Schema) => TypeNode): TypeNode | undefined {
  if (schema.type !== 'object' && schema.properties === undefined) return undefined;
  const entries = Object.entries(schema.properties ?? {});
  if (entries.length === 0) return { kind: 'map', values: UNKNOWN };
  // Sorted, so the output does not depend on the key order of the YAML.
  return { kind: 'object', props: entries.map(([name, prop]) => propertyFromSchema(owner, name, prop, convert)).sort(byName) };
}
