import type { Schema } from '../spec';
import type { DefNode } from '../model';
import { jsdoc } from './jsdoc';
import { schemaDoc } from './property';
import { HAND_TYPED_DEFINITIONS } from './ref';
import { renderObject, renderType, type RenderContext } from './render';
import { schemaToType } from './schema';

/**
 * A definition with `properties` is an interface; anything else (`StatusCode`: integer, `InstanceType`:
 * string, Incus `Access`: array, a bare map) is a type alias, as are the hand-typed `ConfigMap`/`DevicesMap`.
 * go-swagger flattens embedded structs and never writes `allOf`, so there is no `extends` to recover.
 */
export function definitionFromSchema(name: string, schema: Schema): DefNode {
  const handTyped = HAND_TYPED_DEFINITIONS[name];
  const doc = schemaDoc(
    schema,
    undefined,
    handTyped ? ['Typed by hand: the spec declares a bare object. Properties that reference it are written out as this type.'] : [],
  );
  if (handTyped) return { name, doc, body: { kind: 'alias', type: handTyped } };
  const type = schemaToType(schema, name);
  if (type.kind === 'object') return { name, doc, body: { kind: 'interface', props: type.props } };
  return { name, doc, body: { kind: 'alias', type } };
}

export function renderDefinition(def: DefNode, ctx: RenderContext): string {
  const comment = jsdoc(def.doc, ctx.specs, '');
  if (def.body.kind === 'alias') return `${comment}export type ${def.name} = ${renderType(def.body.type, ctx)};\n`;
  if (def.body.props.length === 0) return `${comment}export type ${def.name} = Record<string, never>;\n`;
  return `${comment}export interface ${def.name} ${renderObject(def.body.props, ctx, '')}\n`;
}
