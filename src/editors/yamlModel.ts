import type { Document, ParsedNode, YAMLError, YAMLMap } from 'yaml';
import { yaml } from '../client/yaml';

export type FieldType = 'string' | 'boolean' | 'stringMap' | 'deviceMap' | 'stringList';

/** The writable fields of an object, in the order the YAML shows them (what `lxc config edit` shows). */
export type FieldSchema = Record<string, FieldType>;

/** The field type that can show a property of type `V` (`never` when none can). */
type FieldTypeOf<V> = [NonNullable<V>] extends [string]
  ? 'string'
  : [NonNullable<V>] extends [boolean]
    ? 'boolean'
    : [NonNullable<V>] extends [string[]]
      ? 'stringList'
      : [NonNullable<V>] extends [Record<string, Record<string, string>>]
        ? 'deviceMap'
        : [NonNullable<V>] extends [Record<string, string>]
          ? 'stringMap'
          : never;

/**
 * The editable fields of a writable (`*Put`) type `T` of the generated API: every property of `T`
 * with the field type that shows it, or `null` for one that is not part of the object's state (an
 * action such as `restore`), in the order the YAML shows them. Naming a property `T` does not have,
 * leaving one out, or a field type that does not fit its type fails to compile, so a field the specs
 * add, drop or change is noticed here.
 */
export function fieldsOf<T>(fields: { [K in keyof T]-?: FieldTypeOf<T[K]> | null }): FieldSchema {
  return Object.fromEntries(Object.entries(fields).filter((e): e is [string, FieldType] => e[1] !== null));
}

/** Renders the writable part of an object as YAML under a comment header. */
export function toYaml(header: string[], schema: FieldSchema, value: Record<string, unknown>): string {
  const out: Record<string, unknown> = {};
  for (const [field, type] of Object.entries(schema)) {
    const v = value[field];
    out[field] =
      type === 'stringMap' || type === 'deviceMap'
        ? sortKeys((v as Record<string, unknown>) ?? {}, type === 'deviceMap')
        : (v ?? defaultOf(type));
  }
  const comments = header.map((l) => `# ${l}`.trimEnd()).join('\n');
  return `${comments}\n${yaml().stringify(out, { lineWidth: 0 })}`;
}

/**
 * Parses and checks the user's YAML against the writable fields. Errors name the line and the field;
 * nothing is sent while any remains. LXD stores every config value as a string, so a scalar is
 * taken as the user wrote it (`22.10`, `0x10`, `1e3`, `yes`, `12345678901234567890` stay exactly
 * that), never through its YAML number or boolean, as `lxc config edit` does; a null (`~`, `null`,
 * nothing) is an empty value, which LXD takes as unset, as there. Only true/false fields take YAML's
 * booleans.
 */
export function fromYaml(text: string, schema: FieldSchema): Record<string, unknown> {
  const doc = yaml().parseDocument(text);
  if (doc.errors.length) {
    throw new Error(`Invalid YAML: ${describeYamlError(doc.errors[0])}`);
  }
  const root = resolved(doc, doc.contents);
  if (root === null || (yaml().isScalar(root) && root.value === null)) {
    throw new Error('The document is empty: nothing to apply.');
  }
  if (!yaml().isMap(root)) {
    throw new Error('The document must be a mapping of fields (config, devices, …).');
  }
  const fields = entries(doc, root, 'The document');
  const unknown = [...fields.keys()].filter((k) => !(k in schema));
  if (unknown.length) {
    throw new Error(
      `Unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `"${k}"`).join(', ')}: the editable fields are ${Object.keys(schema).join(', ')}.`,
    );
  }
  const out: Record<string, unknown> = {};
  for (const [field, type] of Object.entries(schema)) {
    out[field] = check(doc, field, type, fields.get(field) ?? null);
  }
  return out;
}

type YamlNode = ParsedNode | null;

function check(doc: Document, field: string, type: FieldType, n: YamlNode): unknown {
  if (isNull(n)) {
    return defaultOf(type);
  }
  switch (type) {
    case 'string': {
      const t = textOf(n);
      if (t === undefined) {
        throw new Error(`"${field}" must be text.`);
      }
      return t;
    }
    case 'boolean':
      if (!yaml().isScalar(n) || typeof n.value !== 'boolean') {
        throw new Error(`"${field}" must be true or false.`);
      }
      return n.value;
    case 'stringList': {
      const items = yaml().isSeq(n) ? n.items.map((i) => textOf(resolved(doc, i as YamlNode))) : undefined;
      if (!items || items.some((i) => i === undefined || i === '')) {
        throw new Error(`"${field}" must be a list of names.`);
      }
      return items;
    }
    case 'stringMap':
      return stringMap(doc, field, n);
    case 'deviceMap': {
      if (!yaml().isMap(n)) {
        throw new Error(`"${field}" must map device names to their settings.`);
      }
      const out: Record<string, Record<string, string>> = {};
      for (const [name, dev] of entries(doc, n, `"${field}"`)) {
        const d = isNull(dev) ? {} : stringMap(doc, `${field}.${name}`, dev);
        if (!d.type) {
          throw new Error(`Device "${name}" needs a "type" (disk, nic, …).`);
        }
        out[name] = d;
      }
      return out;
    }
  }
}

function stringMap(doc: Document, field: string, n: YamlNode): Record<string, string> {
  if (!yaml().isMap(n)) {
    throw new Error(`"${field}" must be a mapping of keys to values.`);
  }
  const out: Record<string, string> = {};
  for (const [k, v] of entries(doc, n, `"${field}"`)) {
    const t = isNull(v) ? '' : textOf(v);
    if (t === undefined) {
      throw new Error(`"${field}.${k}" must be a single value, not a ${yaml().isSeq(v) ? 'list' : 'mapping'}.`);
    }
    out[k] = t;
  }
  return out;
}

/** A mapping's keys as written, each with its value (aliases followed). */
function entries(doc: Document, map: YAMLMap, what: string): Map<string, YamlNode> {
  const out = new Map<string, YamlNode>();
  for (const pair of map.items) {
    const key = textOf(resolved(doc, pair.key as YamlNode));
    if (key === undefined || key === '') {
      throw new Error(`${what} has a key that is not a name${isNull(pair.key as YamlNode) ? ' (an empty key)' : ''}.`);
    }
    out.set(key, resolved(doc, pair.value as YamlNode));
  }
  return out;
}

/**
 * A scalar as the user wrote it: a string as YAML reads it (quotes and escapes undone, block
 * scalars joined), anything else (a number, a boolean) in its source text. `undefined` for a list
 * or a mapping.
 */
function textOf(n: YamlNode): string | undefined {
  if (!yaml().isScalar(n)) {
    return undefined;
  }
  if (typeof n.value === 'string') {
    return n.value;
  }
  if (n.value === null) {
    return '';
  }
  return n.source ?? String(n.value);
}

function isNull(n: YamlNode): boolean {
  return n === null || (yaml().isScalar(n) && n.value === null);
}

/** Follows an alias (`*name`) to the node it names. */
function resolved(doc: Document, n: YamlNode): YamlNode {
  return yaml().isAlias(n) ? ((n.resolve(doc) as YamlNode | undefined) ?? null) : n;
}

function defaultOf(type: FieldType): unknown {
  return type === 'boolean' ? false : type === 'string' ? '' : type === 'stringList' ? [] : {};
}

function sortKeys(m: Record<string, unknown>, nested: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(m).sort()) {
    out[k] = nested && m[k] && typeof m[k] === 'object' ? sortKeys(m[k] as Record<string, unknown>, false) : m[k];
  }
  return out;
}

function describeYamlError(e: YAMLError): string {
  const pos = e.linePos?.[0];
  const first = e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  return pos ? `line ${pos.line}, column ${pos.col}: ${first}` : first;
}
