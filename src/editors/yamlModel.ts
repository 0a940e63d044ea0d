import type { YAMLError } from 'yaml';
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
    out[field] = type === 'stringMap' || type === 'deviceMap' ? sortKeys((v as Record<string, unknown>) ?? {}, type === 'deviceMap') : v ?? defaultOf(type);
  }
  const comments = header.map((l) => `# ${l}`.trimEnd()).join('\n');
  return `${comments}\n${yaml().stringify(out, { lineWidth: 0 })}`;
}

/**
 * Parses and checks the user's YAML against the writable fields. Errors name the line and the field;
 * nothing is sent while any remains. Numbers and booleans in config maps become strings, as LXD
 * stores every config value as a string.
 */
export function fromYaml(text: string, schema: FieldSchema): Record<string, unknown> {
  const doc = yaml().parseDocument(text);
  if (doc.errors.length) {
    throw new Error(`Invalid YAML: ${describeYamlError(doc.errors[0])}`);
  }
  const value = doc.toJS() as unknown;
  if (value === null || value === undefined) {
    throw new Error('The document is empty: nothing to apply.');
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new Error('The document must be a mapping of fields (config, devices, …).');
  }
  const obj = value as Record<string, unknown>;
  const unknown = Object.keys(obj).filter((k) => !(k in schema));
  if (unknown.length) {
    throw new Error(`Unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `"${k}"`).join(', ')}: the editable fields are ${Object.keys(schema).join(', ')}.`);
  }
  const out: Record<string, unknown> = {};
  for (const [field, type] of Object.entries(schema)) {
    out[field] = check(field, type, obj[field]);
  }
  return out;
}

function check(field: string, type: FieldType, v: unknown): unknown {
  if (v === undefined || v === null) {
    return defaultOf(type);
  }
  switch (type) {
    case 'string':
      if (typeof v === 'string') {
        return v;
      }
      if (typeof v === 'number' || typeof v === 'boolean') {
        return String(v);
      }
      throw new Error(`"${field}" must be text.`);
    case 'boolean':
      if (typeof v !== 'boolean') {
        throw new Error(`"${field}" must be true or false.`);
      }
      return v;
    case 'stringList':
      if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) {
        throw new Error(`"${field}" must be a list of names.`);
      }
      return v;
    case 'stringMap':
      return stringMap(field, v);
    case 'deviceMap': {
      if (typeof v !== 'object' || Array.isArray(v)) {
        throw new Error(`"${field}" must map device names to their settings.`);
      }
      const out: Record<string, Record<string, string>> = {};
      for (const [name, dev] of Object.entries(v as Record<string, unknown>)) {
        const d = stringMap(`${field}.${name}`, dev ?? {});
        if (!d.type) {
          throw new Error(`Device "${name}" needs a "type" (disk, nic, …).`);
        }
        out[name] = d;
      }
      return out;
    }
  }
}

function stringMap(field: string, v: unknown): Record<string, string> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    throw new Error(`"${field}" must be a mapping of keys to values.`);
  }
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    if (typeof x === 'string') {
      out[k] = x;
    } else if (typeof x === 'number' || typeof x === 'boolean') {
      out[k] = String(x);
    } else if (x === null) {
      out[k] = '';
    } else {
      throw new Error(`"${field}.${k}" must be a single value, not a ${Array.isArray(x) ? 'list' : 'mapping'}.`);
    }
  }
  return out;
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
