/**
 * The generator's intermediate form: transforms turn Swagger schemas into these nodes, `merge` folds the
 * nodes of several specs into one, and `render` prints them. Keeping a model between parsing and printing
 * is what lets one interface serve LXD and Incus at once.
 */
export type TypeNode =
  | { kind: 'primitive'; name: 'string' | 'number' | 'boolean' }
  | { kind: 'unknown' }
  | { kind: 'ref'; name: string }
  | { kind: 'array'; items: TypeNode }
  | { kind: 'map'; values: TypeNode }
  | { kind: 'object'; props: PropNode[] }
  /** String literals taken from a description; `open` adds `(string & {})` so unknown values still type-check. */
  | { kind: 'literals'; values: string[]; open: boolean }
  | { kind: 'union'; members: TypeNode[] }
  /** A raw (application/octet-stream) body in the endpoint table. */
  | { kind: 'binary' };

/** What JSDoc can say about a definition, property or parameter. */
export interface Doc {
  title?: string;
  description?: string;
  /** The Go field name, kept only when it is not just the JSON name re-cased (see transforms/property.ts). */
  goName?: string;
  format?: string;
  example?: unknown;
  /** Ids of the specs that have this item; omitted or complete means every spec has it. */
  servers?: string[];
  /** Free-form lines that go after the description (e.g. why a union is open). */
  notes?: string[];
}

export interface PropNode {
  name: string;
  type: TypeNode;
  readOnly: boolean;
  doc: Doc;
}

export type DefBody = { kind: 'interface'; props: PropNode[] } | { kind: 'alias'; type: TypeNode };

export interface DefNode {
  name: string;
  body: DefBody;
  doc: Doc;
}

export const STRING: TypeNode = { kind: 'primitive', name: 'string' };
export const NUMBER: TypeNode = { kind: 'primitive', name: 'number' };
export const BOOLEAN: TypeNode = { kind: 'primitive', name: 'boolean' };
export const UNKNOWN: TypeNode = { kind: 'unknown' };

/** Plain code-unit order: `localeCompare` would make the output depend on the machine's locale. */
export function byName<T extends { name: string }>(a: T, b: T): number {
  return compareStrings(a.name, b.name);
}

export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Items grouped by key; the groups and the items within each keep the order they first appear in. */
export function groupBy<T, K>(items: Iterable<T>, key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
