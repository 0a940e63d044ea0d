import { Connection } from '../connections/connection';
import { MessageNode, ResourceRoot, TreeNode } from './node';
import { ViewHandle } from './provider';
import { reconcile } from './reconcile';
import { connectionMessage } from './rootMessages';
import { describeError } from './format';

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
  /** Where the nodes hang: the connection's node when the view shows several servers. */
  private parentNode?: TreeNode;

  constructor(
    private readonly connection: Connection,
    private readonly view: ViewHandle,
    private readonly options: ListRootOptions<T>,
  ) {}

  async getChildren(parent: TreeNode | undefined): Promise<TreeNode[]> {
    this.parentNode = parent;
    const blocked = connectionMessage(this.connection, this.view.id, parent);
    if (blocked) {
      return [blocked];
    }
    if (!this.loaded) {
      await this.load(parent);
    }
    if (this.failure) {
      return [
        MessageNode.error(`${this.view.id}/${this.connection.id}/error`, `Cannot list ${this.options.noun}: ${this.failure}`, parent),
      ];
    }
    if (this.nodes.size === 0) {
      return [new MessageNode(`${this.view.id}/${this.connection.id}/empty`, `No ${this.options.noun}`, { icon: 'info', parent })];
    }
    return [...this.nodes.values()];
  }

  invalidate(): void {
    this.loaded = false;
  }

  /**
   * Lists again, then redraws: the parent only when rows came, went or moved, else the rows. While
   * VS Code asks a parent for its children again it has forgotten the rows it showed, and a menu
   * action chosen in that moment reaches its command without its row (which then asks with a
   * picker): a storage pool's row was forgotten for a whole list call at every volume event.
   */
  async reload(): Promise<void> {
    if (!this.loaded || this.connection.status !== 'connected') {
      this.invalidate();
      this.view.refresh(this.connection);
      return;
    }
    const rows = await this.load(this.parentNode);
    if (rows) {
      rows.forEach((node) => this.view.refresh(node));
    } else {
      this.view.refresh(this.connection);
    }
  }

  /** The rows to redraw, or undefined when their parent must be (rows came, went or moved). */
  private async load(parent: TreeNode | undefined): Promise<TreeNode[] | undefined> {
    // A failure showed a message instead of the rows.
    const showedRows = this.loaded && this.failure === undefined;
    let values: T[];
    try {
      values = await this.options.fetch(this.connection);
    } catch (e) {
      this.failure = describeError(e);
      this.loaded = true;
      return undefined;
    }
    this.failure = undefined;
    if (this.options.sort) {
      values = [...values].sort(this.options.sort);
    }
    // Every row is redrawn: an update may drop what a row loaded under it (a pool's volumes).
    const reconciled = reconcile(
      this.nodes,
      values,
      (v) => this.options.key(v),
      (v) => this.options.create(v, parent),
      (n, v) => n.update(v),
    );
    this.loaded = true;
    return showedRows && !reconciled.reshaped ? reconciled.changed : undefined;
  }
}
