import { Connection, describeError } from '../connections/connection';
import { MessageNode, ResourceRoot, TreeNode } from './node';
import { ResourceView } from './provider';
import { connectionMessage } from './rootMessages';

/** A node built from one listed object, updated in place on reload so its identity stays. */
export interface ListedNode<T> extends TreeNode {
  update(value: T): void;
}

export interface ListRootOptions<T> {
  /** What the view lists, for messages ("images", "networks"). */
  noun: string;
  fetch(c: Connection): Promise<T[]>;
  key(value: T): string;
  create(value: T, parent: TreeNode | undefined): ListedNode<T>;
  sort?(a: T, b: T): number;
}

/**
 * The usual resource view: one list call, one node per object, a message node when the list is
 * empty or cannot load. Nodes are reused across reloads so selection and expansion survive.
 */
export class ListRoot<T> implements ResourceRoot {
  private readonly nodes = new Map<string, ListedNode<T>>();
  private loaded = false;
  private failure?: string;

  constructor(
    private readonly connection: Connection,
    private readonly view: ResourceView,
    private readonly options: ListRootOptions<T>,
  ) {}

  async getChildren(parent: TreeNode | undefined): Promise<TreeNode[]> {
    const blocked = connectionMessage(this.connection, this.view.id, parent);
    if (blocked) {
      return [blocked];
    }
    if (!this.loaded) {
      await this.load(parent);
    }
    if (this.failure) {
      return [MessageNode.error(`${this.view.id}/${this.connection.id}/error`, `Cannot list ${this.options.noun}: ${this.failure}`, parent)];
    }
    if (this.nodes.size === 0) {
      return [new MessageNode(`${this.view.id}/${this.connection.id}/empty`, `No ${this.options.noun}`, { icon: 'info', parent })];
    }
    return [...this.nodes.values()];
  }

  invalidate(): void {
    this.loaded = false;
  }

  private async load(parent: TreeNode | undefined): Promise<void> {
    let values: T[];
    try {
      values = await this.options.fetch(this.connection);
    } catch (e) {
      this.failure = describeError(e);
      this.loaded = true;
      return;
    }
    this.failure = undefined;
    if (this.options.sort) {
      values = [...values].sort(this.options.sort);
    }
    const next = new Map<string, ListedNode<T>>();
    for (const v of values) {
      const k = this.options.key(v);
      const existing = this.nodes.get(k);
      if (existing) {
        existing.update(v);
        next.set(k, existing);
      } else {
        next.set(k, this.options.create(v, parent));
      }
    }
    this.nodes.clear();
    next.forEach((n, k) => this.nodes.set(k, n));
    this.loaded = true;
  }
}
