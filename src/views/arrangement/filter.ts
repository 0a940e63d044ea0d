/**
 * A view's filter, kept free of `vscode` so its rules are tested alone: a name substring and, per
 * facet (status, type, project, …), the values to show. Printed for the view's description as
 * `name~web · Running · VM · project:dev`, and read back from the same text, which is also what a
 * user may type in the Filter… picker.
 */

/** What a filter holds: empty `name` and no facet values show everything. */
export interface ViewFilter {
  /** Terms separated by spaces; a row shows when its names contain every one (case ignored). */
  name: string;
  /** Per facet key, the values to show (any of them); a missing or empty list does not narrow. */
  facets: Record<string, string[]>;
}

export const NO_FILTER: ViewFilter = { name: '', facets: {} };

/** One way to narrow a view: a property of its rows with a few values. */
export interface FacetSpec<T> {
  key: string;
  /** How the picker heads its values ("Status"). */
  title: string;
  /** The row's value, as `values` spells it when it is one of them. */
  of(row: T): string | undefined;
  /** Values always offered, in this order (others come from the listed rows). */
  values?: readonly string[];
  /** How a value reads ("vm" → "VM"); the value itself when absent. */
  label?(value: string): string;
  /** Values of a bare facet are printed and typed without `key:` (`Running`, not `status:Running`). */
  bare?: boolean;
}

export interface FilterSpec<T> {
  /** What the name substring is matched against: the name, aliases, a fingerprint… */
  names(row: T): readonly string[];
  facets: readonly FacetSpec<T>[];
}

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

export function isFiltered(f: ViewFilter): boolean {
  return nameTerms(f.name).length > 0 || Object.values(f.facets).some((v) => v.length > 0);
}

function nameTerms(name: string): string[] {
  return name
    .toLowerCase()
    .split(/\s+/)
    .filter((t) => t.length > 0);
}

/** Whether `row` shows under `f`. */
export function matches<T>(spec: FilterSpec<T>, f: ViewFilter, row: T): boolean {
  const terms = nameTerms(f.name);
  if (terms.length > 0) {
    const names = spec.names(row).map((n) => n.toLowerCase());
    if (!terms.every((t) => names.some((n) => n.includes(t)))) {
      return false;
    }
  }
  return spec.facets.every((facet) => {
    const wanted = f.facets[facet.key] ?? [];
    const value = facet.of(row);
    return wanted.length === 0 || (value !== undefined && wanted.some((w) => same(w, value)));
  });
}

/** `name~web · Running,Stopped · project:dev`: empty when nothing narrows. */
export function describeFilter<T>(spec: FilterSpec<T>, f: ViewFilter): string {
  const parts = nameTerms(f.name).map((t) => `name~${t}`);
  for (const facet of spec.facets) {
    const values = f.facets[facet.key] ?? [];
    if (values.length > 0) {
      const shown = values.map((v) => (facet.label ? facet.label(v) : v)).join(',');
      parts.push(facet.bare ? shown : `${facet.key}:${shown}`);
    }
  }
  return parts.join(' · ');
}

/**
 * Reads what describeFilter prints, or what a user types: `key:v1,v2` for a facet, a bare value of
 * a bare facet (`running`, `vm`), `name~x` or any other word for the name. Values are spelled as
 * the facet knows them when it does (`running` → `Running`).
 */
export function parseFilter<T>(spec: FilterSpec<T>, text: string): ViewFilter {
  const names: string[] = [];
  const facets: Record<string, string[]> = {};
  const add = (facet: FacetSpec<T>, value: string): void => {
    const known = facet.values?.find((v) => same(v, value) || (facet.label && same(facet.label(v), value)));
    const list = (facets[facet.key] ??= []);
    const v = known ?? value;
    if (!list.some((x) => same(x, v))) {
      list.push(v);
    }
  };
  for (const token of text.split(/\s+|\s*·\s*/).filter(Boolean)) {
    const keyed = /^([a-z]+):(.*)$/i.exec(token);
    const facet = keyed && spec.facets.find((s) => same(s.key, keyed[1]));
    if (facet && keyed) {
      keyed[2]
        .split(',')
        .filter(Boolean)
        .forEach((v) => add(facet, v));
      continue;
    }
    if (token.startsWith('name~')) {
      names.push(token.slice('name~'.length));
      continue;
    }
    const values = token.split(',');
    const bare = spec.facets.find(
      (s) => s.bare && values.every((v) => s.values?.some((k) => same(k, v) || (s.label && same(s.label(k), v)))),
    );
    if (bare) {
      values.forEach((v) => add(bare, v));
    } else {
      names.push(token);
    }
  }
  return { name: names.filter(Boolean).join(' '), facets };
}

/** A filter as stored, checked: anything else (an older shape, a hand edit) reads as no filter. */
export function readFilter(stored: unknown): ViewFilter {
  if (typeof stored !== 'object' || stored === null) {
    return NO_FILTER;
  }
  const { name, facets } = stored as { name?: unknown; facets?: unknown };
  const out: Record<string, string[]> = {};
  if (typeof facets === 'object' && facets !== null) {
    for (const [k, v] of Object.entries(facets)) {
      if (Array.isArray(v)) {
        out[k] = v.filter((x): x is string => typeof x === 'string');
      }
    }
  }
  return { name: typeof name === 'string' ? name : '', facets: out };
}
