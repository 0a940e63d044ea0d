import type { Instance } from '../../generated';
import { instanceKey, listInstanceRows } from './model';
import { ApiError } from '../../client';
import { Connection } from '../../connections/connection';
import { settings } from '../../settings';
import { mapLimit } from '../../util/limit';
import { reconcile } from '../reconcile';
import { MessageNode, ResourceRoot, TreeNode } from '../node';
import { ViewHandle } from '../provider';
import { connectionMessage } from '../rootMessages';
import { InstanceNode } from './instanceNode';
import { InstanceIcons } from './presentation';
import { describeError } from '../format';

/**
 * The instances of one connection. First paint comes from one list call without state
 * (recursion=1); addresses and memory of running instances load afterwards, a few at a time,
 * each redrawing only its own node.
 */
export class InstancesRoot implements ResourceRoot {
  private readonly nodes = new Map<string, InstanceNode>();
  private loaded = false;
  private generation = 0;
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

  find(project: string, name: string): InstanceNode | undefined {
    return this.nodes.get(instanceKey(project, name));
  }

  invalidate(): void {
    this.loaded = false;
  }

  async reload(): Promise<void> {
    let rows: InstanceNode[] | undefined;
    if (this.loaded && this.connection.status === 'connected') {
      rows = await this.load(this.parentNode).catch(() => {
        this.invalidate();
        return undefined;
      });
    } else {
      this.invalidate();
    }
    if (rows) {
      rows.forEach((node) => this.view.refresh(node));
    } else {
      this.view.refresh(this.connection);
    }
  }

  /** The rows to redraw, or undefined when their parent must be (see reconcile). */
  private async load(parent: TreeNode | undefined): Promise<InstanceNode[] | undefined> {
    const gen = ++this.generation;
    const rows = await listInstanceRows(this.connection.api(), { allProjects: this.connection.allProjects, project: this.connection.project });
    // Rebuilt in the rows' order, so the view lists them sorted without sorting again.
    const redraw = reconcile(
      this.nodes,
      rows,
      (row) => row.key,
      (row) => new InstanceNode(this.connection, row.instance, this.view.id, this.icons, parent),
      (node, row) => node.update(row.instance),
      (node, row) => JSON.stringify(node.instance) !== JSON.stringify(row.instance),
    );
    this.loaded = true;
    void this.loadStates(
      [...this.nodes.values()].filter((n) => n.running),
      gen,
    );
    return redraw;
  }

  private async loadStates(nodes: InstanceNode[], gen: number): Promise<void> {
    await mapLimit(nodes, settings().stateConcurrency, async (node) => {
      const state = await this.connection.api(node.project).instances.state(node.name);
      if (gen === this.generation && node.running) {
        node.state = state;
        this.view.refresh(node);
      }
    });
  }

  /** Reloads one instance after an event; a vanished instance reloads the list. */
  async refreshInstance(project: string, name: string): Promise<void> {
    const node = this.nodes.get(instanceKey(project, name));
    if (!node) {
      await this.reload();
      return;
    }
    let inst: Instance;
    try {
      inst = await this.connection.api(project).instances.get(name);
    } catch (e) {
      if (e instanceof ApiError && e.isNotFound) {
        await this.reload();
      }
      return;
    }
    const state = inst.status === 'Running' ? await this.connection.api(project).instances.state(name).catch(() => undefined) : undefined;
    node.update(inst, state);
    this.view.refresh(node);
  }
}
