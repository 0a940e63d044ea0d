import * as vscode from 'vscode';
import { AnyEvent } from '../client';
import { Connection } from '../connections/connection';
import { ConnectionManager } from '../connections/manager';
import { settings } from '../settings';
import { InstancesRoot } from './instances/instancesRoot';
import { ResourceView } from './provider';
import { ListView, RefreshTarget, routeEvent, targetKey } from './routeEvent';
import { KeyedThrottle } from './throttle';

/** The views the refresh manager drives, by what they show. */
export type ViewSet = Record<Exclude<ListView, 'instances'>, ResourceView> & { instances: ResourceView<InstancesRoot> };

/**
 * The one place that decides what to redraw: manual refreshes, `/1.0/events` (routed by
 * routeEvent, coalesced per target, only the nodes that changed), connection state changes and
 * configuration changes all come through here. There is no polling: while the events stream is
 * down the connection shows as disconnected, and everything reloads when it comes back.
 */
export class RefreshManager implements vscode.Disposable {
  private readonly throttle = new KeyedThrottle(() => settings().refreshPeriodMs);
  private readonly subscribed = new Set<Connection>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly manager: ConnectionManager,
    private readonly views: ViewSet,
  ) {
    this.disposables.push(manager.onDidChange(() => this.attach()));
  }

  /** Reloads everything a connection shows (or every connection). */
  reloadAll(connection?: Connection): void {
    for (const view of Object.values(this.views)) {
      view.reload(connection);
    }
  }

  reload(view: ListView, connection?: Connection): void {
    this.views[view].reload(connection);
  }

  private attach(): void {
    let added = false;
    for (const c of this.manager.all) {
      if (this.subscribed.has(c)) {
        continue;
      }
      added = true;
      this.subscribed.add(c);
      let lastStatus = c.status;
      let lastProject = c.project;
      this.disposables.push(
        c.onEvent((e) => this.onEvent(c, e)),
        c.onDidReconnect(() => this.reloadAll(c)),
        c.onDidChange(() => {
          if (c.project !== lastProject) {
            lastProject = c.project;
            this.reloadAll(c);
          } else if (c.status !== lastStatus) {
            lastStatus = c.status;
            // Connected after connecting/error: load; disconnected: show the state.
            this.reloadAll(c);
          }
        }),
      );
    }
    for (const c of this.subscribed) {
      if (!this.manager.all.includes(c)) {
        this.subscribed.delete(c);
        added = true;
      }
    }
    if (added) {
      // The top level changes shape (one connection vs several, one gone): drawn again, not listed
      // again, and asked for at once, so it is dropped when VS Code reads the top level after it
      // anyway (see Redraws). Listed again 150 ms later, as before, each server was listed twice as
      // a window opened, and the whole tree sent to VS Code twice.
      Object.values(this.views).forEach((view) => view.refresh());
    }
  }

  private onEvent(c: Connection, e: AnyEvent): void {
    const target = routeEvent(e, { project: c.project, allProjects: c.allProjects });
    if (target?.kind === 'instance') {
      // Shown at once; the Instances view batches the reads a burst of these asks for.
      this.views.instances.rootOf(c).instanceChanged(target.project, target.name, target.status);
    } else if (target) {
      this.throttle.run(`${c.id}/${targetKey(target)}`, () => this.apply(c, target));
    }
  }

  private apply(c: Connection, t: Exclude<RefreshTarget, { kind: 'instance' }>): void {
    const instances = this.views.instances.rootOf(c);
    if (t.kind === 'snapshots') {
      const node = instances.find(t.project, t.name);
      node?.invalidateSnapshots();
      if (node) {
        this.views.instances.refresh(node);
      }
    } else if (t.view === 'instances') {
      void instances.reload();
    } else {
      this.views[t.view].reload(c);
    }
  }

  dispose(): void {
    this.throttle.dispose();
    this.disposables.forEach((d) => d.dispose());
  }
}
