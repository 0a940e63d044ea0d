/**
 * Rebuilds `nodes` from `values`, in their order: a key that was there keeps its node, updated in
 * place (so the tree keeps selection and expansion), a new key gets a new node, a gone key goes.
 */
export function reconcile<V, N>(nodes: Map<string, N>, values: readonly V[], key: (v: V) => string, create: (v: V) => N, update: (node: N, v: V) => void): void {
  const next = new Map<string, N>();
  for (const v of values) {
    const k = key(v);
    const existing = nodes.get(k);
    if (existing) {
      update(existing, v);
      next.set(k, existing);
    } else {
      next.set(k, create(v));
    }
  }
  nodes.clear();
  next.forEach((n, k) => nodes.set(k, n));
}
