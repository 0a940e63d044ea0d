import type { DefBody, DefNode, Doc, PropNode, TypeNode } from '../model';
import { byName, groupBy } from '../model';

/**
 * Folds the same definition from several specs into one. Properties are the union of all specs'
 * properties; a property whose type differs becomes the narrowest type that covers every spec (see
 * mergeTypes). Docs come from the newest spec that has the item (the last one: specs arrive sorted old →
 * new), since newer descriptions add `API extension:` lines and fix wording.
 */
export interface SpecDefinitions {
  specId: string;
  defs: readonly DefNode[];
}

export function mergeDefinitions(inputs: readonly SpecDefinitions[]): DefNode[] {
  const allIds = inputs.map((input) => input.specId);
  const byDefName = groupBy(
    inputs.flatMap(({ specId, defs }) => defs.map((def) => ({ specId, def }))),
    (v) => v.def.name,
  );
  const merged = [...byDefName.entries()].map(([name, versions]): DefNode => {
    const ids = versions.map((v) => v.specId);
    return { name, body: mergeBodies(versions), doc: withServers(mergeDocs(versions.map((v) => v.def.doc)), ids, allIds) };
  });
  return merged.sort(byName);
}

function mergeBodies(versions: readonly { specId: string; def: DefNode }[]): DefBody {
  const bodies = versions.map((v) => v.def.body);
  if (bodies.every((body) => body.kind === 'interface')) {
    return {
      kind: 'interface',
      props: mergeProps(versions.map((v) => ({ specId: v.specId, props: (v.def.body as { props: PropNode[] }).props }))),
    };
  }
  const types = bodies.map((body): TypeNode => (body.kind === 'alias' ? body.type : { kind: 'object', props: body.props }));
  return { kind: 'alias', type: types.reduce(mergeTypes) };
}

export function mergeProps(versions: readonly { specId: string; props: readonly PropNode[] }[]): PropNode[] {
  const ownerIds = versions.map((v) => v.specId);
  const byProp = groupBy(
    versions.flatMap(({ specId, props }) => props.map((prop) => ({ specId, prop }))),
    (f) => f.prop.name,
  );
  return [...byProp.entries()]
    .map(([name, found]): PropNode => {
      const types = found.map((f) => f.prop.type);
      const merged = mergeDocs(found.map((f) => f.prop.doc));
      if (literalSetsDiffer(types))
        merged.notes = [...(merged.notes ?? []), 'The listed values differ between server versions, so others may occur.'];
      const doc = withServers(
        merged,
        found.map((f) => f.specId),
        ownerIds,
      );
      return { name, type: types.reduce(mergeTypes), readOnly: found.some((f) => f.prop.readOnly), doc };
    })
    .sort(byName);
}

/**
 * Each fact from the newest doc that has it: Incus main writes `$ref: ConfigMap` without a description where
 * the older specs describe `config`, and go-swagger drops everything beside a `$ref`. Title and description
 * travel together, as some specs put the Go doc line in one and some in the other.
 */
export function mergeDocs(docs: readonly Doc[]): Doc {
  const newest = <K extends keyof Doc>(key: K): Doc[K] => [...docs].reverse().find((d) => d[key] !== undefined)?.[key];
  const text = [...docs].reverse().find((d) => d.title !== undefined || d.description !== undefined);
  const merged: Doc = {
    title: text?.title,
    description: text?.description,
    goName: newest('goName'),
    format: newest('format'),
    example: newest('example'),
  };
  const notes = [...new Set(docs.flatMap((d) => d.notes ?? []))];
  if (notes.length > 0) merged.notes = notes;
  for (const key of Object.keys(merged) as (keyof Doc)[]) if (merged[key] === undefined) delete merged[key];
  return merged;
}

/** Records the servers only when they are not all the owner's: the JSDoc then says which have it. */
export function withServers(doc: Doc, ids: readonly string[], ownerIds: readonly string[]): Doc {
  const rest: Doc = { ...doc };
  delete rest.servers;
  return ownerIds.every((id) => ids.includes(id)) ? rest : { ...rest, servers: [...ids] };
}

/**
 * The narrowest type covering both. Two literal lists join, and open up when they differ: a list that grew
 * between releases will grow again (storage drivers). Otherwise, if one already covers the other
 * (`Record<string, unknown>` covers `Record<string, string>`, `string` covers literals, `unknown` covers
 * all), that one; else a union.
 */
export function mergeTypes(a: TypeNode, b: TypeNode): TypeNode {
  if (a.kind === 'literals' && b.kind === 'literals') {
    const values = [...new Set([...a.values, ...b.values])];
    return { kind: 'literals', values, open: a.open || b.open || values.length !== a.values.length || values.length !== b.values.length };
  }
  if (a.kind === 'array' && b.kind === 'array' && a.items.kind === 'literals' && b.items.kind === 'literals') {
    return { kind: 'array', items: mergeTypes(a.items, b.items) };
  }
  if (covers(a, b)) return a;
  if (covers(b, a)) return b;
  const members = [...(a.kind === 'union' ? a.members : [a]), ...(b.kind === 'union' ? b.members : [b])];
  return { kind: 'union', members: members.filter((m, i) => !members.slice(0, i).some((earlier) => covers(earlier, m))) };
}

/** Whether every value of `b` is a value of `a`. Conservative: false when unsure, which only costs a union. */
export function covers(a: TypeNode, b: TypeNode): boolean {
  if (a.kind === 'unknown') return true;
  if (b.kind === 'union') return b.members.every((m) => covers(a, m));
  if (a.kind === 'union') return a.members.some((m) => covers(m, b));
  switch (a.kind) {
    case 'primitive':
      return (b.kind === 'primitive' && b.name === a.name) || (a.name === 'string' && b.kind === 'literals');
    case 'literals':
      return b.kind === 'literals' && b.values.every((v) => a.values.includes(v)) && (a.open || !b.open);
    case 'array':
      return b.kind === 'array' && covers(a.items, b.items);
    case 'map':
      return (b.kind === 'map' && covers(a.values, b.values)) || (b.kind === 'object' && a.values.kind === 'unknown');
    case 'ref':
      return b.kind === 'ref' && b.name === a.name;
    case 'binary':
      return b.kind === 'binary';
    case 'object':
      return b.kind === 'object' && JSON.stringify(a) === JSON.stringify(b);
  }
}

function literalSetsDiffer(types: readonly TypeNode[]): boolean {
  const sets = types.map(literalValues).filter((v): v is string[] => v !== undefined);
  return sets.some((set) => set.length !== sets[0].length || set.some((v) => !sets[0].includes(v)));
}

function literalValues(type: TypeNode): string[] | undefined {
  if (type.kind === 'literals') return type.values;
  if (type.kind === 'array') return literalValues(type.items);
  return undefined;
}
