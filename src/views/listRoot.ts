import { Connection } from '../connections/connection';
import { MessageNode, ResourceRoot, TreeNode, filteredOutMessage } from './node';
import { ViewHandle } from './provider';
import { reconcile } from './reconcile';
import { ListingState } from './listing';
import { connectionMessage } from './rootMessages';
import { describeError } from './format';
import { log } from '../logger';

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
  /** The view's filter, when it has one: the rows it hides stay listed (and updated), unshown. */
  filter?: ListFilter<T>;
}

export interface ListFilter<T> {
  /** Whether anything is filtered out now. */
  active(): boolean;
  keep(value: T): boolean;
  /** The command of the message's click when every row is hidden. */
  clearCommand: string;
}

/**
 * The usual resource view: one list call, one node per object, a message node when the list is
 * empty or cannot load. Nodes are reused across reloads so selection and expansion survive.
 */
export class ListRoot<T> implements ResourceRoot {
  private readonly nodes = new Map<string, ListedNode<T>>();
  /** The listed objects by key, which the filter reads. */
  private readonly values = new Map<string, T>();
  /** The keys of the rows last shown, when a filter was set. */
  private shownKeys?: string;
  private readonly listing = new ListingState();
  private failure?: string;
  /** Where the nodes hang: the connection's node when the view shows several servers. */
  private parentNode?: TreeNode;
  /** The number of the last list asked for, and its outcome (see load). */
  private generation = 0;
  private latest?: Promise<TreeNode[] | undefined>;

  constructor(
    private readonly connection: Connection,
    private readonly view: ViewHandle,
    private readonly options: ListRootOptions<T>,
  ) {}

  async getChildren(parent: TreeNode | undefined): Promise<TreeNode[]> {
    this.parentNode = parent;
    this.listing.asked();
    const blocked = connectionMessage(this.connection, this.view.id, parent);
    if (blocked) {
      return [blocked];
    }
    // Each question lists anew: out-of-order answers are settled by generation (see load).
    if (this.listing.mustList(this.nodes.size > 0 && this.failure === undefined)) {
      await this.listing.answer(() => this.load(parent), false);
    }
    if (this.failure) {
      return [
        MessageNode.error(`${this.view.id}/${this.connection.id}/error`, `Cannot list ${this.options.noun}: ${this.failure}`, parent),
      ];
    }
    if (this.nodes.size === 0) {
      return [new MessageNode(`${this.view.id}/${this.connection.id}/empty`, `No ${this.options.noun}`, { icon: 'info', parent })];
    }
    const shown = this.shownEntries();
    this.shownKeys = keysOf(shown);
    this.listing.drewRows();
    if (shown.length === 0 && this.options.filter) {
      return [
        filteredOutMessage(`${this.view.id}/${this.connection.id}/filtered`, this.options.noun, this.options.filter.clearCommand, parent),
      ];
    }
    return shown.map(([, n]) => n);
  }

  private shownEntries(): [string, ListedNode<T>][] {
    const f = this.options.filter;
    const all = [...this.nodes.entries()];
    if (!f?.active()) {
      return all;
    }
    return all.filter(([k]) => {
      const v = this.values.get(k);
      return v !== undefined && f.keep(v);
    });
  }

  invalidate(): void {
    this.listing.invalidate();
  }

  /** The objects listed so far (what a filter picker offers), whether shown or filtered out. */
  get listed(): T[] {
    return [...this.values.values()];
  }

  /**
   * Lists again, then redraws: the parent only when rows came, went or moved, else the rows. While
   * VS Code asks a parent for its children again it has forgotten the rows it showed, and a menu
   * action chosen in that moment reaches its command without its row (which then asks with a
   * picker): a storage pool's row was forgotten for a whole list call at every volume event. See
   * ListingState for when the rows alone can be redrawn.
   */
  async reload(): Promise<void> {
    if ((await this.listing.reloadPlan(() => this.connection.status === 'connected')) === 'whole') {
      this.view.refresh(this.connection);
      return;
    }
    const rows = await this.listing.rereading(() => this.load(this.parentNode, true));
    const listed = `${this.options.noun[0].toUpperCase()}${this.options.noun.slice(1)} of ${this.connection.name} listed again: ${this.nodes.size}`;
    // A row whose change moves it past the filter: the list is drawn again.
    if (rows && !(this.options.filter?.active() && keysOf(this.shownEntries()) !== this.shownKeys)) {
      rows.forEach((node) => this.view.refresh(node));
      log().info(`${listed}, ${rows.length} rows redrawn`);
    } else {
      this.view.refresh(this.connection);
      if (this.failure === undefined) {
        log().info(`${listed}, the list redrawn`);
      }
    }
  }

  /**
   * The rows to redraw, or undefined when their parent must be (rows came, went or moved). Lists
   * are applied in the order they were asked for: a list that answers after a later one is dropped
   * for the later one's outcome, so an older answer never takes away a row a newer one brought.
   */
  private load(parent: TreeNode | undefined, showsRows = false): Promise<TreeNode[] | undefined> {
    const gen = ++this.generation;
    const loading = this.loadList(parent, gen, showsRows);
    this.latest = loading;
    return loading;
  }

  private async loadList(parent: TreeNode | undefined, gen: number, showsRows: boolean): Promise<TreeNode[] | undefined> {
    // A failure showed a message instead of the rows.
    const showedRows = (this.listing.isLoaded || showsRows) && this.failure === undefined;
    const asked = this.listing.mark();
    let values: T[];
    try {
      values = await this.options.fetch(this.connection);
    } catch (e) {
      if (gen !== this.generation) {
        return this.latest;
      }
      this.failure = describeError(e);
      this.listing.settle(asked);
      return undefined;
    }
    if (gen !== this.generation) {
      return this.latest;
    }
    this.failure = undefined;
    if (this.options.sort) {
      values = [...values].sort(this.options.sort);
    }
    const before = new Map(this.values);
    this.values.clear();
    values.forEach((v) => this.values.set(this.options.key(v), v));
    const reconciled = reconcile(
      this.nodes,
      values,
      (v) => this.options.key(v),
      (v) => this.options.create(v, parent),
      (n, v) => {
        n.update(v);
        return sameValue(before.get(this.options.key(v)), v) ? false : undefined;
      },
    );
    this.listing.settle(asked);
    if (!showedRows || reconciled.reshaped) {
      return undefined;
    }
    // Only rows that changed are redrawn: a redraw makes VS Code forget the row until it has it
    // again, and a menu action chosen on it then reaches its command without it (an image's row
    // while another image downloads). A row also changes when what it shows depends on more than
    // its object (the project in use), and a row that expands may have other children (a pool's
    // volumes, which an update drops): what VS Code was given tells.
    const changed = new Set(reconciled.changed);
    return [...this.nodes.values()].filter((n) => changed.has(n) || this.view.outdated(n));
  }
}

/** Two listings of one object alike (what a row and its tooltip are built from). */
function sameValue(a: unknown, b: unknown): boolean {
  return a !== undefined && JSON.stringify(a) === JSON.stringify(b);
}

function keysOf(entries: [string, unknown][]): string {
  return entries.map(([k]) => k).join('\n');
}
