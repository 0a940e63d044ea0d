/** A tree node as far as redraws go: where it hangs. */
export interface Hanging {
  readonly parent?: Hanging;
}

/**
 * Tells VS Code which nodes to redraw, but never a node while VS Code is still fetching the children
 * of that node or of one under it: that redraw waits until VS Code has taken the answer.
 *
 * VS Code's tree (1.100, `ExtHostTreeView.fetchChildrenNodes`) notes a parent's node before it asks
 * for the children and registers the answer under that node. A redraw of the parent meanwhile
 * replaces the node, so the rows are registered under one VS Code has dropped; the next redraw
 * that brings a new row finds the old rows still registered, fails ("Element with id … is already
 * registered") and shows the server with no rows until the window reloads. A slow list is enough:
 * a view opened while images come and go, or Refresh pressed while a server answers slowly.
 * Redrawing the whole tree is safe (VS Code cancels the fetches in flight), so it never waits.
 */
export class Redraws<N extends Hanging> {
  /** The nodes whose children VS Code is fetching, with how many fetches each. */
  private readonly fetching = new Map<N, number>();
  /** Redraws that wait for a fetch, in the order they were asked for. */
  private readonly waiting = new Set<N>();
  private disposed = false;

  constructor(private readonly fire: (node: N | undefined) => void) {}

  /**
   * Runs one fetch of `node`'s children for VS Code. It counts as in flight until a task after its
   * answer: VS Code registers the rows in the microtasks that follow it.
   */
  async fetch<T>(node: N, children: () => Promise<T> | T): Promise<T> {
    this.fetching.set(node, (this.fetching.get(node) ?? 0) + 1);
    try {
      return await children();
    } finally {
      setTimeout(() => this.fetched(node), 0);
    }
  }

  /** Redraws `node` (the whole tree when undefined), now or once the fetches under it are answered. */
  redraw(node: N | undefined): void {
    if (this.disposed) {
      return;
    }
    if (node !== undefined && this.blocked(node)) {
      this.waiting.add(node);
      return;
    }
    this.fire(node);
  }

  /** Whether a redraw of `node` waits now. */
  blocked(node: N): boolean {
    for (const busy of this.fetching.keys()) {
      for (let n: Hanging | undefined = busy; n; n = n.parent) {
        if (n === node) {
          return true;
        }
      }
    }
    return false;
  }

  dispose(): void {
    this.disposed = true;
    this.waiting.clear();
  }

  private fetched(node: N): void {
    const left = (this.fetching.get(node) ?? 1) - 1;
    if (left > 0) {
      this.fetching.set(node, left);
    } else {
      this.fetching.delete(node);
    }
    for (const n of [...this.waiting]) {
      if (!this.blocked(n)) {
        this.waiting.delete(n);
        this.redraw(n);
      }
    }
  }
}
