import type { Schema } from '../spec';
import type { Doc, PropNode, TypeNode } from '../model';
import { allowedValues, OPEN_UNIONS, withAllowedValues } from './allowed-values';

export function propertyFromSchema(owner: string, name: string, schema: Schema, convert: (s: Schema) => TypeNode): PropNode {
  const key = `${owner}.${name}`;
  let type = convert(schema);
  const notes: string[] = [];
  const values = allowedValues(schema.description ?? schema.title);
  if (values) {
    const openReason = OPEN_UNIONS[key];
    const narrowed = withAllowedValues(type, values, openReason !== undefined);
    if (narrowed !== type && openReason) notes.push(`Other values occur: ${openReason}`);
    type = narrowed;
  }
  return { name, type, readOnly: schema.readOnly === true, doc: schemaDoc(schema, name, notes) };
}

export function schemaDoc(schema: Schema, jsonName: string | undefined, notes: string[] = []): Doc {
  const doc: Doc = {};
  if (schema.title) doc.title = schema.title;
  if (schema.description) doc.description = schema.description;
  const goName = jsonName === undefined ? undefined : meaningfulGoName(jsonName, schema['x-go-name']);
  if (goName) doc.goName = goName;
  const format = schema.format ?? schema.items?.format;
  if (format) doc.format = format;
  if (schema.example !== undefined) doc.example = schema.example;
  if (notes.length > 0) doc.notes = notes;
  return doc;
}

/**
 * `x-go-name` is on every property, and almost always the JSON name re-cased (`api_extensions` →
 * `APIExtensions`): repeating it would drown the useful cases. It is kept only when the names really differ
 * (`wait-for-websocket` → `WaitForWS`, `secrets` → `Websockets`, `shortdesc` → `Description`), which is when a
 * reader of the Go client or the daemon source needs it to find the field.
 */
export function meaningfulGoName(jsonName: string, goName: string | undefined): string | undefined {
  if (!goName) return undefined;
  return goName.toLowerCase() === jsonName.replace(/[-_.]/g, '').toLowerCase() ? undefined : goName;
}
