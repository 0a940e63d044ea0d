/** What a reconcile changed: whether the list itself did (keys or order), and which kept nodes now read differently. */
export interface Reconciled<N> {
  /** A key came or went, or the order changed: the parent's children must be asked again. */
  reshaped: boolean;
  /** Kept nodes whose `update` said they changed: only these need redrawing otherwise. */
  changed: N[];
}

/**
 * Rebuilds `nodes` from `values`, in their order: a key that was there keeps its node, updated in
 * place (so the tree keeps selection and expansion), a new key gets a new node, a gone key goes.
 * `update` says whether the node now reads differently (undefined counts as changed).
 */
export function reconcile<V, N>(
  nodes: Map<string, N>,
  values: readonly V[],
  key: (v: V) => string,
  create: (v: V) => N,
  update: (node: N, v: V) => boolean | void,
): Reconciled<N> {
  const before = [...nodes.keys()];
  const next = new Map<string, N>();
  const changed: N[] = [];
  for (const v of values) {
    const k = key(v);
    const existing = nodes.get(k);
    if (existing) {
      if (update(existing, v) !== false) {
        changed.push(existing);
      }
      next.set(k, existing);
    } else {
      next.set(k, create(v));
    }
  }
  nodes.clear();
  next.forEach((n, k) => nodes.set(k, n));
  const after = [...nodes.keys()];
  return { reshaped: before.length !== after.length || before.some((k, i) => k !== after[i]), changed };
}
