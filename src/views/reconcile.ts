/**
 * Rebuilds `nodes` from `values`, in their order: a key that was there keeps its node, updated in
 * place (so the tree keeps selection and expansion), a new key gets a new node, a gone key goes.
 * Returns the rows that need redrawing: none but the `changed` ones (`changed(node, value)` asks,
 * before the update, whether the node shows something else now) when the same keys came back in
 * the same order; undefined when rows came, went or moved, and so their parent must be redrawn.
 */
export function reconcile<V, N>(
  nodes: Map<string, N>,
  values: readonly V[],
  key: (v: V) => string,
  create: (v: V) => N,
  update: (node: N, v: V) => void,
  changed: (node: N, v: V) => boolean = () => true,
): N[] | undefined {
  const before = [...nodes.keys()];
  const next = new Map<string, N>();
  const redraw: N[] = [];
  for (const v of values) {
    const k = key(v);
    const existing = nodes.get(k);
    if (existing) {
      if (changed(existing, v)) {
        redraw.push(existing);
      }
      update(existing, v);
      next.set(k, existing);
    } else {
      next.set(k, create(v));
    }
  }
  nodes.clear();
  next.forEach((n, k) => nodes.set(k, n));
  const sameRows = before.length === next.size && [...next.keys()].every((k, i) => k === before[i]);
  return sameRows ? redraw : undefined;
}
