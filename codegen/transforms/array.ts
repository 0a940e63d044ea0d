import type { Schema } from '../spec';
import { UNKNOWN, type TypeNode } from '../model';

export function arrayType(schema: Schema, convert: (s: Schema) => TypeNode): TypeNode | undefined {
  if (schema.type !== 'array') return undefined;
  return { kind: 'array', items: schema.items ? convert(schema.items) : UNKNOWN };
}
