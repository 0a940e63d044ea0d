import type { SpecInfo } from '../spec';

/**
 * Says in words which servers have an item, for JSDoc: `Incus only`, `LXD 5.19+ and Incus`,
 * `LXD and Incus > 6.0`. Returns undefined when every input spec has it. Per product: all of its specs →
 * the product name; the newest few → `<first version>+` (or `> <last missing>` when the first present is a
 * development spec, whose version is unknown); anything else → the versions listed.
 */
export function serversLabel(servers: readonly string[], specs: readonly SpecInfo[]): string | undefined {
  if (specs.every((spec) => servers.includes(spec.id))) return undefined;
  const parts: string[] = [];
  for (const product of ['LXD', 'Incus'] as const) {
    const all = specs.filter((spec) => spec.product === product);
    const present = all.filter((spec) => servers.includes(spec.id));
    if (present.length > 0) parts.push(productLabel(product, all, present));
  }
  return parts.length === 1 ? `${parts[0]} only` : parts.join(' and ');
}

function productLabel(product: string, all: SpecInfo[], present: SpecInfo[]): string {
  if (present.length === all.length) return product;
  const first = all.indexOf(present[0]);
  const isSuffix = first + present.length === all.length && present.every((spec, i) => spec === all[first + i]);
  if (isSuffix && first > 0) {
    const start = present[0].version;
    return start === undefined ? `${product} > ${all[first - 1].version ?? '?'}` : `${product} ${start}+`;
  }
  return `${product} ${present.map((spec) => spec.version ?? 'main').join(', ')}`;
}
