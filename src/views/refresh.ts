import * as vscode from 'vscode';
import { AnyEvent, projectFromUrl } from '../client';
import { Connection } from '../connections/connection';
import { ConnectionManager } from '../connections/manager';
import { settings } from '../settings';
import { InstancesRoot } from './instances/instancesRoot';
import { ResourceView } from './provider';

/** The views the refresh manager drives, by what they show. */
export interface ViewSet {
  instances: ResourceView;
  images: ResourceView;
  networks: ResourceView;
  storage: ResourceView;
  profiles: ResourceView;
  projects: ResourceView;
  cluster: ResourceView;
  operations: ResourceView;
}

type ViewName = keyof ViewSet;

/** Lifecycle action prefixes → the view whose list they change. */
const LIST_ACTIONS: [RegExp, ViewName][] = [
  [/^image-/, 'images'],
  [/^network-/, 'networks'],
  [/^storage-(pool|volume)-/, 'storage'],
  [/^profile-/, 'profiles'],
  [/^project-/, 'projects'],
  [/^cluster-member-/, 'cluster'],
];

/**
 * The one place that decides what to redraw: manual refreshes, `/1.0/events` (debounced, only the
 * nodes that changed), connection state changes and configuration changes all come through here.
 * There is no polling: while the events stream is down the connection shows as disconnected, and
 * everything reloads when it comes back.
 */
export class RefreshManager implements vscode.Disposable {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly pending = new Map<string, () => void>();
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

  reload(view: ViewName, connection?: Connection): void {
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
      // The top level changes shape (one connection vs several, one gone).
      this.debounce('all', () => this.reloadAll());
    }
  }

  private onEvent(c: Connection, e: AnyEvent): void {
    if (e.type === 'operation') {
      this.debounce(`ops/${c.id}`, () => this.views.operations.reload(c));
      return;
    }
    if (e.type !== 'lifecycle') {
      return;
    }
    const project = e.project ?? projectFromUrl(e.metadata.source) ?? 'default';
    const action = e.metadata.action;
    // Pools are server-wide, and a project without its own networks, profiles, images or volumes
    // uses the default project's: LXD reports those events in `default`.
    const shared = project === 'default' && !action.startsWith('instance-');
    if (!c.allProjects && project !== c.project && !shared && !/^(project|cluster-member)-/.test(action)) {
      return;
    }
    if (action.startsWith('instance-')) {
      this.onInstanceEvent(c, project, action, e.metadata.source);
      return;
    }
    for (const [re, view] of LIST_ACTIONS) {
      if (re.test(action)) {
        this.debounce(`${view}/${c.id}`, () => this.views[view].reload(c));
      }
    }
  }

  private onInstanceEvent(c: Connection, project: string, action: string, source: string): void {
    const path = source.split('?')[0];
    const segments = path.split('/');
    // /1.0/instances/<name>[/snapshots/<snap>|/backups/…|/logs/…]
    const name = decodeURIComponent(segments[3] ?? '');
    const root = this.views.instances.rootOf(c) as InstancesRoot;
    if (/^instance-(created|deleted|renamed)$/.test(action)) {
      this.debounce(`instances/${c.id}`, () => void root.reload());
      return;
    }
    if (/^instance-(exec|console|console-reset|console-retrieved|file-|log-|metadata-|backup-)/.test(action)) {
      return;
    }
    if (action.startsWith('instance-snapshot-')) {
      const node = root.find(project, name);
      if (node) {
        this.debounce(`snap/${c.id}/${project}/${name}`, () => {
          node.invalidateSnapshots();
          this.views.instances.refresh(node);
        });
      }
      return;
    }
    this.debounce(`instance/${c.id}/${project}/${name}`, () => void root.refreshInstance(project, name));
  }

  /** Runs `fn` once per key after the configured quiet time; newer calls replace older ones. */
  private debounce(key: string, fn: () => void): void {
    this.pending.set(key, fn);
    if (this.timers.has(key)) {
      return;
    }
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        const run = this.pending.get(key);
        this.pending.delete(key);
        run?.();
      }, settings().refreshDebounceMs),
    );
  }

  dispose(): void {
    this.timers.forEach((t) => clearTimeout(t));
    this.disposables.forEach((d) => d.dispose());
  }
}
