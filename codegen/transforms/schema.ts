import type { Schema } from '../spec';
import { UNKNOWN, type TypeNode } from '../model';
import { arrayType } from './array';
import { mapType } from './map';
import { objectType } from './object';
import { primitiveType } from './primitive';
import { refType } from './ref';

/**
 * Schema → type: the first transform that recognises the construct wins. `owner` names the enclosing
 * definition (e.g. `InstanceState`) so curated rules can address a property as `InstanceState.status`.
 * A schema without any type (Incus `InstanceNVRAMVariable.data`) is `unknown`.
 */
export function schemaToType(schema: Schema, owner = ''): TypeNode {
  const convert = (s: Schema): TypeNode => schemaToType(s, owner);
  return (
    refType(schema) ??
    arrayType(schema, convert) ??
    mapType(schema, convert) ??
    objectType(schema, owner, convert) ??
    primitiveType(schema) ??
    UNKNOWN
  );
}
