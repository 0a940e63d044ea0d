import type { Schema } from '../spec';
import type { TypeNode } from '../model';

/**
 * `additionalProperties` is how go-swagger writes a Go map: `{type: string}` for map[string]string, a nested
 * map for map of maps (devices), `$ref` or `items` for maps of structs or slices, and `{}` for
 * map[string]any (`Server.config`, `Operation.metadata`), which becomes `unknown` values.
 */
export function mapType(schema: Schema, convert: (s: Schema) => TypeNode): TypeNode | undefined {
  const extra = schema.additionalProperties;
  if (extra === undefined || extra === false || schema.properties !== undefined) return undefined;
  return { kind: 'map', values: convert(extra === true ? {} : extra) };
}
