import type { Instance } from '../../generated';
import { instanceKey, listInstanceRows } from './model';
import { ApiError } from '../../client';
import { Connection } from '../../connections/connection';
import { settings } from '../../settings';
import { mapLimit } from '../../util/limit';
import { Reconciled, reconcile } from '../reconcile';
import { ListingState } from '../listing';
import { MessageNode, ResourceRoot, TreeNode, filteredOutMessage } from '../node';
import { Arrangement } from '../arrangement/store';
import { isFiltered, matches } from '../arrangement/filter';
import { INSTANCE_FILTER, arrange } from '../arrangement/specs';
import { InstanceGroupNode } from './groupNode';
import { ViewHandle } from '../provider';
import { connectionMessage } from '../rootMessages';
import { InstanceNode } from './instanceNode';
import { InstanceIcons } from './presentation';
import { describeError } from '../format';
import { MAX_RETRIES, StaleSet, readPlan } from './staleness';
import { log } from '../../logger';

/** How long changes that may move rows wait for others, so a burst of events is arranged once. */
const REDRAW_COALESCE_MS = 30;

/**
 * The instances of one connection. First paint comes from one list call without state
 * (recursion=1); addresses and memory of running instances load afterwards, a few at a time,
 * each redrawing only its own node.
 */
export class InstancesRoot implements ResourceRoot {
  private readonly nodes = new Map<string, InstanceNode>();
  /** VS Code's question for the rows joins a list already on the wire (one started by prefetch or reload). */
  private readonly listing = new ListingState();
  /** The project(s) the nodes were listed from. */
  private loadedScope?: string;
  private generation = 0;
  /** Instances events touched, waiting to be read again. */
  private readonly stale = new StaleSet();
  /** An event named an instance not listed: the list is read again. */
  private listAgain = false;
  private rereading = false;
  private reread?: { at: number; timer: ReturnType<typeof setTimeout> };
  /** Where the nodes hang: the connection's node when the view shows several servers. */
  private parentNode?: TreeNode;
  /** The group nodes by id, kept so a group keeps its identity (and expansion) across redraws. */
  private readonly groups = new Map<string, InstanceGroupNode>();
  /** What the tree was last given: the groups and rows in order (see layoutOf). */
  private shownLayout?: string;
  private readonly toRedraw = new Set<InstanceNode>();
  private redrawTimer?: ReturnType<typeof setTimeout>;

  constructor(
    private readonly connection: Connection,
    private readonly view: ViewHandle,
    private readonly icons: InstanceIcons,
    private readonly arrangement: Arrangement,
  ) {}

  async getChildren(parent: TreeNode | undefined): Promise<TreeNode[]> {
    this.parentNode = parent;
    this.listing.asked();
    const blocked = connectionMessage(this.connection, this.view.id, parent);
    if (blocked) {
      return [blocked];
    }
    if (this.listing.mustList(this.nodes.size > 0 && this.loadedScope === this.scope())) {
      try {
        await this.answer(parent);
      } catch (e) {
        return [MessageNode.error(`${this.view.id}/${this.connection.id}/error`, `Cannot list instances: ${describeError(e)}`, parent)];
      }
    }
    if (this.nodes.size === 0) {
      this.shownLayout = undefined;
      const where = this.connection.allProjects ? 'any project' : `project "${this.connection.project}"`;
      return [new MessageNode(`${this.view.id}/${this.connection.id}/empty`, `No instances in ${where}`, { icon: 'info', parent })];
    }
    this.listing.drewRows();
    return this.arranged(parent);
  }

  /** The rows the filter lets through, sorted, under their groups when grouped. */
  private arranged(parent: TreeNode | undefined): TreeNode[] {
    const groups = this.arrangeRows();
    this.shownLayout = layoutOf(groups);
    if (groups.length === 0) {
      return [filteredOutMessage(`${this.view.id}/${this.connection.id}/filtered`, 'instances', 'lxd.instance.clearFilter', parent)];
    }
    const by = this.arrangement.group;
    if (by === 'none') {
      groups[0].rows.forEach((n) => (n.parent = parent));
      return groups[0].rows;
    }
    const shown = new Map<string, InstanceGroupNode>();
    for (const { group, rows } of groups) {
      const id = `${by}/${group}`;
      const kept = this.groups.get(id);
      // A group made while the view showed one server hangs nowhere once it shows several.
      const node = kept && kept.parent === parent ? kept : new InstanceGroupNode(this.connection, by, group, this.view.id, parent);
      node.rows = rows;
      rows.forEach((n) => (n.parent = node));
      shown.set(id, node);
    }
    this.groups.clear();
    shown.forEach((n, id) => this.groups.set(id, n));
    return [...shown.values()];
  }

  private arrangeRows(): { group: string; rows: InstanceNode[] }[] {
    const filter = this.arrangement.filter('instances');
    const filtered = isFiltered(filter);
    return arrange(this.nodes.values(), {
      keep: (n) => !filtered || matches(INSTANCE_FILTER, filter, n),
      group: this.arrangement.group,
      sort: this.arrangement.sort,
    });
  }

  /**
   * Redraws rows that read differently, or the whole list when the filter, grouping or sorting
   * now places rows elsewhere (an instance that stopped under a "Running" filter goes). Where rows
   * can move, a burst of changes is arranged once, a moment later.
   */
  private redraw(nodes: InstanceNode[]): void {
    if (!this.layoutMayMove()) {
      nodes.forEach((n) => this.view.refresh(n));
      return;
    }
    nodes.forEach((n) => this.toRedraw.add(n));
    this.redrawTimer ??= setTimeout(() => {
      this.redrawTimer = undefined;
      const pending = [...this.toRedraw];
      this.toRedraw.clear();
      if (this.shownLayout !== undefined && layoutOf(this.arrangeRows()) !== this.shownLayout) {
        this.view.refresh(this.connection);
      } else {
        pending.forEach((n) => this.view.refresh(n));
      }
    }, REDRAW_COALESCE_MS);
  }

  /** Whether a row's new data can move it: names and creation times do not change in place, the rest can. */
  private layoutMayMove(): boolean {
    const a = this.arrangement;
    return isFiltered(a.filter('instances')) || a.group !== 'none' || a.sort === 'lastUsed';
  }

  private scope(): string {
    return this.connection.allProjects ? '*' : this.connection.project;
  }

  /** The instances listed so far (what a filter picker offers), whether shown or filtered out. */
  get listed(): InstanceNode[] {
    return [...this.nodes.values()];
  }

  find(project: string, name: string): InstanceNode | undefined {
    return this.nodes.get(instanceKey(project, name));
  }

  invalidate(): void {
    this.listing.invalidate();
  }

  /**
   * Lists the instances again, then redraws. While VS Code waits for a parent's children it has
   * forgotten the rows it showed, and a menu action chosen in that moment reaches the command
   * without its node (which then asks with a picker): so the tree is told only once the list is here.
   * See ListingState for when the rows alone can be redrawn.
   */
  async reload(): Promise<void> {
    if ((await this.listing.reloadPlan(() => this.connection.status === 'connected')) === 'rows') {
      const listedFrom = this.loadedScope;
      let reconciled: Reconciled<InstanceNode> | undefined;
      try {
        reconciled = await this.listing.rereading(() => this.load(this.parentNode));
      } catch {
        this.invalidate();
      }
      // Only what changed crosses to VS Code: at 1,000 rows, re-sending them all is most of a Refresh.
      // An empty list shows a message that names the project, and the rows of "All projects" name theirs.
      if (reconciled && !reconciled.reshaped && this.nodes.size > 0 && listedFrom === this.loadedScope) {
        this.redraw(reconciled.changed);
        log().info(`Instances of ${this.connection.name} listed again: ${this.nodes.size}, ${reconciled.changed.length} rows redrawn`);
        return;
      }
      if (reconciled) {
        log().info(`Instances of ${this.connection.name} listed again: ${this.nodes.size}, the list redrawn`);
      }
    } else {
      // Listed now rather than when VS Code asks, which can be hundreds of ms later (it asks once
      // it takes the redraw, and for one server's rows after another's): it joins this list.
      this.prefetch(this.parentNode);
    }
    this.view.refresh(this.connection);
  }

  prefetch(parent: TreeNode | undefined): void {
    if (!this.listing.isLoaded && this.connection.status === 'connected') {
      this.answer(parent).catch(() => undefined);
    }
  }

  /** The list on the wire, or a new one: what VS Code's question for the rows waits on. */
  private answer(parent: TreeNode | undefined): Promise<Reconciled<InstanceNode>> {
    return this.listing.answer(() => this.load(parent), true);
  }

  private async load(parent: TreeNode | undefined): Promise<Reconciled<InstanceNode>> {
    const gen = ++this.generation;
    const asked = this.listing.mark();
    const rows = await listInstanceRows(this.connection.api(), {
      allProjects: this.connection.allProjects,
      project: this.connection.project,
    });
    // Rebuilt in the rows' order, so the view lists them sorted without sorting again.
    const reconciled = reconcile(
      this.nodes,
      rows,
      (row) => row.key,
      (row) => new InstanceNode(this.connection, row.instance, this.view.id, this.icons, parent),
      (node, row) => node.update(row.instance),
    );
    // Declared stale meanwhile (its redraw waits for this list, see Redraws): listed again when drawn.
    this.listing.settle(asked);
    this.loadedScope = this.scope();
    void this.loadStates(
      [...this.nodes.values()].filter((n) => n.running),
      gen,
    );
    return reconciled;
  }

  private async loadStates(nodes: InstanceNode[], gen: number): Promise<void> {
    await mapLimit(nodes, settings().stateConcurrency, async (node) => {
      const state = await this.connection.api(node.project).instances.state(node.name);
      // Addresses and memory move no row: only the row is redrawn.
      if (gen === this.generation && node.running && node.update(node.instance, state)) {
        this.view.refresh(node);
      }
    });
  }

  /**
   * An event changed an instance: its row shows the status the event implies at once, and the
   * instance is read again with the others an event touched in the same moment (see staleness.ts).
   */
  instanceChanged(project: string, name: string, status?: string): void {
    const key = instanceKey(project, name);
    const node = this.nodes.get(key);
    if (!node) {
      // Not listed (yet): the list is read again, once for a burst of such events.
      this.listAgain = true;
    } else {
      if (status && node.setStatus(status)) {
        this.redraw([node]);
      }
      this.stale.mark(key, Date.now());
    }
    this.scheduleReread(Date.now() + settings().refreshPeriodMs);
  }

  /** Reads again at `at` (ms since the epoch), or earlier if already planned; after a read in flight ends. */
  private scheduleReread(at: number): void {
    if (this.rereading || (this.reread && this.reread.at <= at)) {
      return;
    }
    clearTimeout(this.reread?.timer);
    this.reread = {
      at,
      timer: setTimeout(
        () => {
          this.reread = undefined;
          void this.readStale();
        },
        Math.max(0, at - Date.now()),
      ),
    };
  }

  private async readStale(): Promise<void> {
    this.rereading = true;
    try {
      if (this.listAgain) {
        this.listAgain = false;
        await this.reload();
      }
      const batch = this.stale.takeDue(Date.now());
      if (batch.length > 0 && this.listing.isLoaded && this.connection.status === 'connected') {
        await this.readAgain(batch);
      }
    } finally {
      this.rereading = false;
    }
    const next = this.listAgain ? Date.now() : this.stale.nextDue();
    if (next !== undefined) {
      // Events that came during the read wait one period more, so a storm is read in batches.
      this.scheduleReread(Math.max(next, Date.now() + settings().refreshPeriodMs));
    }
  }

  /** Reads `batch` again, redraws the rows that changed, and puts failed reads back for later. */
  private async readAgain(batch: [key: string, failures: number][]): Promise<void> {
    const failures = new Map(batch);
    const nodes = batch.map(([key]) => this.nodes.get(key)).filter((n): n is InstanceNode => !!n);
    const failed = (node: InstanceNode): void => {
      const key = instanceKey(node.project, node.name);
      if (!this.stale.failed(key, failures.get(key) ?? 0, Date.now())) {
        log().warn(`lxd: ${node.name} could not be read again after ${MAX_RETRIES} retries; its row shows what the events said`);
      }
    };
    const read = await this.readInstances(nodes);
    const running: InstanceNode[] = [];
    const changed: InstanceNode[] = [];
    for (const node of nodes) {
      const result = read.get(node);
      if (this.stale.has(instanceKey(node.project, node.name))) {
        // An event came while this read was on its way: the next read tells the newer story.
        continue;
      }
      if (result === 'gone') {
        this.listAgain = true;
      } else if (!result) {
        failed(node);
      } else {
        if (node.update(result)) {
          changed.push(node);
        }
        if (node.running) {
          running.push(node);
        }
      }
    }
    this.redraw(changed);
    const states = await mapLimit(running, settings().stateConcurrency, (node) =>
      this.connection.api(node.project).instances.state(node.name),
    );
    states.forEach((r, i) => {
      const node = running[i];
      if (r.status === 'rejected') {
        failed(node);
      } else if (node.running && node.update(node.instance, r.value)) {
        this.view.refresh(node);
      }
    });
  }

  /** The instances of `nodes` as the server has them now: one list call for many, else one request each. */
  private async readInstances(nodes: InstanceNode[]): Promise<Map<InstanceNode, Instance | 'gone' | undefined>> {
    const out = new Map<InstanceNode, Instance | 'gone' | undefined>();
    if (readPlan(nodes.length) === 'list') {
      const rows = await listInstanceRows(this.connection.api(), {
        allProjects: this.connection.allProjects,
        project: this.connection.project,
      }).catch(() => undefined);
      const byKey = new Map(rows?.map((r) => [r.key, r.instance]));
      nodes.forEach((n) => out.set(n, rows ? (byKey.get(instanceKey(n.project, n.name)) ?? 'gone') : undefined));
      return out;
    }
    const results = await mapLimit(nodes, settings().stateConcurrency, (n) => this.connection.api(n.project).instances.get(n.name));
    results.forEach((r, i) =>
      out.set(nodes[i], r.status === 'fulfilled' ? r.value : r.reason instanceof ApiError && r.reason.isNotFound ? 'gone' : undefined),
    );
    return out;
  }

  dispose(): void {
    clearTimeout(this.reread?.timer);
    clearTimeout(this.redrawTimer);
  }
}

/** The groups and rows in the order shown: two arrangements with the same layout draw the same list. */
function layoutOf(groups: { group: string; rows: InstanceNode[] }[]): string {
  return groups.map((g) => `${g.group}\n${g.rows.map((n) => n.id).join('\n')}`).join('\n\n');
}
