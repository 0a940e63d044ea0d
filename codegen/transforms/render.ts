import type { SpecInfo } from '../spec';
import type { PropNode, TypeNode } from '../model';
import { jsdoc } from './jsdoc';
import { propertyKey, quote } from './property-name';

export interface RenderContext {
  specs: readonly SpecInfo[];
}

export function renderType(type: TypeNode, ctx: RenderContext, indent = ''): string {
  switch (type.kind) {
    case 'primitive':
      return type.name;
    case 'unknown':
      return 'unknown';
    case 'ref':
      return type.name;
    case 'binary':
      return "'binary'";
    case 'array':
      return needsParens(type.items) ? `(${renderType(type.items, ctx, indent)})[]` : `${renderType(type.items, ctx, indent)}[]`;
    case 'map':
      return `Record<string, ${renderType(type.values, ctx, indent)}>`;
    case 'literals':
      return [...type.values.map(quote), ...(type.open ? ['(string & {})'] : [])].join(' | ');
    case 'union':
      return type.members.map((member) => renderType(member, ctx, indent)).join(' | ');
    case 'object':
      return renderObject(type.props, ctx, indent);
  }
}

function needsParens(type: TypeNode): boolean {
  return type.kind === 'union' || (type.kind === 'literals' && (type.values.length > 1 || type.open));
}

/** `{}` would accept any non-null value, so an object without members is `Record<string, never>`. */
export function renderObject(props: readonly PropNode[], ctx: RenderContext, indent: string): string {
  if (props.length === 0) return 'Record<string, never>';
  return `{\n${props.map((prop) => renderProperty(prop, ctx, `${indent}  `)).join('')}${indent}}`;
}

/**
 * Every property is optional: no definition lists `required`, and Go's `omitempty` is not in the specs.
 * Arrays and maps also admit `null`, because Go marshals a nil slice or map as `null` (seen on the wire for
 * `InstanceFull.snapshots`, `Operation.resources`); nested structs are typed without it, since the server
 * fills them (a pointer that can be nil would need a hand-written exception).
 */
export function renderProperty(prop: PropNode, ctx: RenderContext, indent: string): string {
  const readonly = prop.readOnly ? 'readonly ' : '';
  const nullable = isNilable(prop.type) ? ' | null' : '';
  return `${jsdoc(prop.doc, ctx.specs, indent)}${indent}${readonly}${propertyKey(prop.name)}?: ${renderType(prop.type, ctx, indent)}${nullable};\n`;
}

function isNilable(type: TypeNode): boolean {
  if (type.kind === 'union') return type.members.some(isNilable);
  return type.kind === 'array' || type.kind === 'map';
}
