import * as vscode from 'vscode';
import type { Operation } from '../../generated';
import { Connection } from '../../connections/connection';
import { ConnectionManager } from '../../connections/manager';
import { ListRoot } from '../listRoot';
import { ResourceRoot, TreeNode } from '../node';
import { ResourceView, ViewHandle } from '../provider';
import { OperationNode, isRunning } from './operationNode';

/**
 * The Operations view. It is shown only while some server runs an operation (context key
 * `lxd.hasOperations`), so it cannot wait to be visible to look: each connected server's list is
 * read whenever the refresh manager reloads this view (on every operation event), shown or not.
 */
export class OperationsView extends ResourceView {
  private readonly running = new Map<Connection, number>();
  private readonly watch: vscode.Disposable;
  private shown?: boolean;

  constructor(private readonly connections: ConnectionManager) {
    super('lxd.views.operations', connections, (c, view) => new OperationsRoot(c, view, (n) => (view as OperationsView).setRunning(c, n)));
    this.watch = connections.onDidChange(() => this.track());
  }

  /** Makes a root (which reads the list) for every connected server, forgets the others. */
  private track(): void {
    for (const c of this.connections.all) {
      if (c.status === 'connected') {
        this.rootOf(c);
      } else {
        this.running.delete(c);
      }
    }
    for (const c of [...this.running.keys()]) {
      if (!this.connections.all.includes(c)) {
        this.running.delete(c);
      }
    }
    this.publish();
  }

  private setRunning(c: Connection, n: number): void {
    this.running.set(c, n);
    this.publish();
  }

  private publish(): void {
    const any = [...this.running.values()].some((n) => n > 0);
    if (any !== this.shown) {
      this.shown = any;
      void vscode.commands.executeCommand('setContext', 'lxd.hasOperations', any);
    }
  }

  override dispose(): void {
    this.watch.dispose();
    super.dispose();
  }
}

/** One server's operations: read ahead of display, so the count is known while the view is hidden. */
export class OperationsRoot implements ResourceRoot {
  private readonly list: ListRoot<Operation>;
  private ahead?: Promise<Operation[]>;
  /** `ahead` was sent in this turn of the event loop. */
  private aheadThisTurn = false;

  constructor(
    private readonly connection: Connection,
    view: ViewHandle,
    private readonly onRunning: (count: number) => void,
  ) {
    this.list = new ListRoot<Operation>(connection, view, {
      noun: 'operations',
      fetch: () => this.take(),
      key: (o) => o.id ?? '',
      create: (o, parent) => new OperationNode(connection, o, view.id, parent),
      sort: (a, b) => (b.created_at ?? '').localeCompare(a.created_at ?? ''),
    });
    this.readAhead();
  }

  getChildren(parent: TreeNode | undefined): Promise<TreeNode[]> {
    return this.list.getChildren(parent);
  }

  invalidate(): void {
    this.list.invalidate();
    this.readAhead();
  }

  reload(): Promise<void> {
    this.readAhead();
    return this.list.reload();
  }

  private readAhead(): void {
    if (this.connection.status !== 'connected') {
      this.ahead = undefined;
      this.onRunning(0);
      return;
    }
    if (this.ahead && this.aheadThisTurn) {
      // Asked twice for one change: a server that connects makes this root (OperationsView.track)
      // and reloads it (the refresh manager) in the same turn. The list on the wire answers both.
      return;
    }
    const p = this.fetch();
    this.ahead = p;
    this.aheadThisTurn = true;
    setImmediate(() => (this.aheadThisTurn = false));
    p.then(
      (ops) => this.onRunning(ops.filter((o) => isRunning(o.status)).length),
      () => this.onRunning(0),
    );
  }

  private take(): Promise<Operation[]> {
    const p = this.ahead ?? this.fetch();
    this.ahead = undefined;
    return p;
  }

  private fetch(): Promise<Operation[]> {
    const c = this.connection;
    return c.api().operations.list({ allProjects: c.allProjects });
  }
}
