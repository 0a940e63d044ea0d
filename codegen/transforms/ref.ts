import type { Schema } from '../spec';
import { STRING, type TypeNode } from '../model';

/**
 * Incus declares `ConfigMap` and `DevicesMap` as bare `type: object`: their Go types only add lenient
 * unmarshalling to map[string]string and map[string]map[string]string. Typed by hand, and inlined where
 * they are referenced so an Incus `config` and an LXD `config` (`additionalProperties: {type: string}`)
 * are the same type and merge into one.
 */
export const HAND_TYPED_DEFINITIONS: Readonly<Record<string, TypeNode>> = {
  ConfigMap: { kind: 'map', values: STRING },
  DevicesMap: { kind: 'map', values: { kind: 'map', values: STRING } },
};

export function refName(ref: string): string {
  const match = /^#\/(?:definitions|responses)\/([^/]+)$/.exec(ref);
  if (!match) throw new Error(`unsupported $ref ${ref}: only local #/definitions and #/responses are used`);
  return match[1];
}

export function refType(schema: Schema): TypeNode | undefined {
  if (schema.$ref === undefined) return undefined;
  const name = refName(schema.$ref);
  return HAND_TYPED_DEFINITIONS[name] ?? { kind: 'ref', name };
}
