/** A tree node as far as redraws go: where it hangs. */
export interface Hanging {
  readonly parent?: Hanging;
}

/**
 * How long VS Code's tree (1.100, `ExtHostTreeView`) gathers redraws after one it took at once: it
 * debounces them over 200 ms, taking the first at once and the others together once 200 ms passed
 * without another. Redraws leave this much between the batches they send, with a margin.
 */
export const VSCODE_REDRAW_DEBOUNCE_MS = 250;

/** The whole tree, as a key of the redraws waiting. */
const TREE = Symbol('the whole tree');

/**
 * Tells VS Code which nodes to redraw, when VS Code handles it at once and the redraw still does
 * something. The rules come from how VS Code's tree (1.100, `ExtHostTreeView`) takes a redraw:
 *
 * - **Never a node while VS Code fetches the children of it or of one under it**: that redraw
 *   waits until VS Code has taken the answer. VS Code notes a parent's node before it asks for the
 *   children and registers the answer under that node; a redraw meanwhile replaces the node, the
 *   rows are registered under one VS Code has dropped, and the next redraw that brings a new row
 *   fails on the old ones ("Element with id … is already registered") and shows the server with no
 *   rows until the window reloads.
 * - **Batches VS Code takes at once**: VS Code takes the first redraw at once and gathers those
 *   that follow within 200 ms, handling them later. One sent while no fetch ran could so be
 *   handled in the middle of a fetch that began meanwhile (the first rule, broken). So a batch goes
 *   only when VS Code takes it at once: 250 ms after the last one; what is asked for meanwhile
 *   waits for that moment, and is checked against the fetches in flight then.
 * - **Only what still needs it**: a redraw makes VS Code forget the node's rows until it has asked
 *   for them again, and a menu action chosen on a row in that moment reaches its command without
 *   the row. A redraw that waited is dropped when VS Code has meanwhile read the node again (its
 *   item, and its children if it had asked for them before), or for the whole tree, its top level:
 *   what it read then already showed the change. Nothing is redrawn in a tree whose top level VS
 *   Code never asked for.
 * - Redrawing the whole tree never waits for a fetch (VS Code cancels the fetches in flight), and
 *   takes the place of the nodes' redraws in the same batch.
 */
export class Redraws<N extends Hanging> {
  /** A counter that orders requests and reads: what was read after a request has seen its change. */
  private clock = 0;
  /** The nodes whose children VS Code is fetching, with how many fetches each. */
  private readonly fetching = new Map<N, number>();
  /**
   * The redraws asked for and not sent: the time of the latest request of each, and whether every
   * request was for the node's children only (its item reads the same).
   */
  private readonly waiting = new Map<N | typeof TREE, { asked: number; childrenOnly: boolean }>();
  /** When VS Code last read a node's item, and last began to fetch its children. */
  private readonly itemRead = new WeakMap<N, number>();
  private readonly childrenRead = new WeakMap<N, number>();
  /** When VS Code last began to fetch the top level (-1: never). */
  private topRead = -1;
  /** When the last batch was sent (ms), and the timer of the next. */
  private lastSent = -Infinity;
  private timer?: ReturnType<typeof setTimeout>;
  private disposed = false;

  /** `fire` sends a batch: the nodes, or undefined for the whole tree. */
  constructor(
    private readonly fire: (nodes: N[] | undefined) => void,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** VS Code reads a node's item (`getTreeItem`). */
  itemAsked(node: N): void {
    this.itemRead.set(node, ++this.clock);
  }

  /** VS Code fetches the top level (`getChildren()`). */
  topAsked(): void {
    this.topRead = ++this.clock;
  }

  /**
   * Runs one fetch of `node`'s children for VS Code. It counts as in flight until a task after its
   * answer: VS Code registers the rows in the microtasks that follow it.
   */
  async fetch<T>(node: N, children: () => Promise<T> | T): Promise<T> {
    this.childrenRead.set(node, ++this.clock);
    this.fetching.set(node, (this.fetching.get(node) ?? 0) + 1);
    try {
      return await children();
    } finally {
      setTimeout(() => this.fetched(node), 0);
    }
  }

  /**
   * Redraws `node` (the whole tree when undefined) as soon as the rules above allow. `childrenOnly`:
   * the node's item reads as VS Code last read it, only its children changed; such a redraw is also
   * dropped when VS Code fetched the children again meanwhile, or never fetched them.
   */
  redraw(node: N | undefined, options: { childrenOnly?: boolean } = {}): void {
    if (this.disposed) {
      return;
    }
    const key = node ?? TREE;
    const childrenOnly = (options.childrenOnly ?? false) && (this.waiting.get(key)?.childrenOnly ?? true);
    this.waiting.set(key, { asked: ++this.clock, childrenOnly });
    this.schedule();
  }

  /** Whether a redraw of `node` waits for a fetch now. */
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
    clearTimeout(this.timer);
  }

  private fetched(node: N): void {
    const left = (this.fetching.get(node) ?? 1) - 1;
    if (left > 0) {
      this.fetching.set(node, left);
    } else {
      this.fetching.delete(node);
    }
    if (this.waiting.size > 0) {
      this.schedule();
    }
  }

  private schedule(): void {
    if (this.timer !== undefined || this.disposed) {
      return;
    }
    const wait = this.lastSent + VSCODE_REDRAW_DEBOUNCE_MS - this.now();
    if (wait <= 0) {
      this.send();
    } else {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.send();
      }, wait);
    }
  }

  private send(): void {
    if (this.disposed) {
      return;
    }
    const tree = this.waiting.get(TREE);
    if (tree !== undefined) {
      this.waiting.clear();
      // Never asked for, or asked for since: what VS Code shows is already the tree as it is.
      if (this.topRead === -1 || this.topRead > tree.asked) {
        return;
      }
      this.sent();
      this.fire(undefined);
      return;
    }
    const batch: N[] = [];
    for (const [key, { asked, childrenOnly }] of this.waiting) {
      const node = key as N;
      if (this.blocked(node)) {
        continue;
      }
      this.waiting.delete(node);
      if (this.topRead !== -1 && !this.readSince(node, asked, childrenOnly)) {
        batch.push(node);
      }
    }
    if (batch.length > 0) {
      this.sent();
      this.fire(batch);
    }
  }

  /**
   * Whether VS Code read `node` again after `asked`: its children if it had fetched them, and its
   * item unless only the children changed.
   */
  private readSince(node: N, asked: number, childrenOnly: boolean): boolean {
    const children = this.childrenRead.get(node);
    const childrenRead = children === undefined || children > asked;
    return childrenRead && (childrenOnly || (this.itemRead.get(node) ?? -1) > asked);
  }

  private sent(): void {
    this.lastSent = this.now();
  }
}
