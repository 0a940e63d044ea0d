import type { Instance } from '../../generated';
import { instanceKey, listInstanceRows } from './model';
import { ApiError } from '../../client';
import { Connection } from '../../connections/connection';
import { settings } from '../../settings';
import { mapLimit } from '../../util/limit';
import { Reconciled, reconcile } from '../reconcile';
import { MessageNode, ResourceRoot, TreeNode } from '../node';
import { ViewHandle } from '../provider';
import { connectionMessage } from '../rootMessages';
import { InstanceNode } from './instanceNode';
import { InstanceIcons } from './presentation';
import { describeError } from '../format';
import { MAX_RETRIES, StaleSet, readPlan } from './staleness';
import { log } from '../../logger';

/**
 * The instances of one connection. First paint comes from one list call without state
 * (recursion=1); addresses and memory of running instances load afterwards, a few at a time,
 * each redrawing only its own node.
 */
export class InstancesRoot implements ResourceRoot {
  private readonly nodes = new Map<string, InstanceNode>();
  private loaded = false;
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

  constructor(
    private readonly connection: Connection,
    private readonly view: ViewHandle,
    private readonly icons: InstanceIcons,
  ) {}

  async getChildren(parent: TreeNode | undefined): Promise<TreeNode[]> {
    this.parentNode = parent;
    const blocked = connectionMessage(this.connection, this.view.id, parent);
    if (blocked) {
      return [blocked];
    }
    if (!this.loaded) {
      try {
        await this.load(parent);
      } catch (e) {
        return [MessageNode.error(`${this.view.id}/${this.connection.id}/error`, `Cannot list instances: ${describeError(e)}`, parent)];
      }
    }
    const nodes = [...this.nodes.values()];
    if (nodes.length === 0) {
      const where = this.connection.allProjects ? 'any project' : `project "${this.connection.project}"`;
      return [new MessageNode(`${this.view.id}/${this.connection.id}/empty`, `No instances in ${where}`, { icon: 'info', parent })];
    }
    return nodes;
  }

  private scope(): string {
    return this.connection.allProjects ? '*' : this.connection.project;
  }

  find(project: string, name: string): InstanceNode | undefined {
    return this.nodes.get(instanceKey(project, name));
  }

  invalidate(): void {
    this.loaded = false;
  }

  /**
   * Lists the instances again, then redraws. While VS Code waits for a parent's children it has
   * forgotten the rows it showed, and a menu action chosen in that moment reaches the command
   * without its node (which then asks with a picker): so the tree is told only once the list is here.
   */
  async reload(): Promise<void> {
    if (this.loaded && this.connection.status === 'connected') {
      const listedFrom = this.loadedScope;
      let reconciled: Reconciled<InstanceNode> | undefined;
      try {
        reconciled = await this.load(this.parentNode);
      } catch {
        this.invalidate();
      }
      // Only what changed crosses to VS Code: at 1,000 rows, re-sending them all is most of a Refresh.
      // An empty list shows a message that names the project, and the rows of "All projects" name theirs.
      if (reconciled && !reconciled.reshaped && this.nodes.size > 0 && listedFrom === this.loadedScope) {
        reconciled.changed.forEach((n) => this.view.refresh(n));
        log().info(`Instances of ${this.connection.name} listed again: ${this.nodes.size}, ${reconciled.changed.length} rows redrawn`);
        return;
      }
      if (reconciled) {
        log().info(`Instances of ${this.connection.name} listed again: ${this.nodes.size}, the list redrawn`);
      }
    } else {
      this.invalidate();
    }
    this.view.refresh(this.connection);
  }

  private async load(parent: TreeNode | undefined): Promise<Reconciled<InstanceNode>> {
    const gen = ++this.generation;
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
    this.loaded = true;
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
        this.view.refresh(node);
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
      if (batch.length > 0 && this.loaded && this.connection.status === 'connected') {
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
          this.view.refresh(node);
        }
        if (node.running) {
          running.push(node);
        }
      }
    }
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
  }
}
