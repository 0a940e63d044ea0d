import { AnyEvent, projectFromUrl } from '../client';

/** The views whose whole list the refresh manager reloads for a connection. */
export type ListView = 'instances' | 'images' | 'networks' | 'storage' | 'profiles' | 'projects' | 'cluster' | 'operations';

/** What an event makes stale in a connection's views. */
export type RefreshTarget =
  /** The view's list (for `instances`, listed again before the tree is told, so rows stay while it loads). */
  | { kind: 'list'; view: ListView }
  /** One instance: read again, with its state; `status` is what the event says it is now, shown at once. */
  | { kind: 'instance'; project: string; name: string; status?: string }
  /** One instance's snapshots, listed again when its node is shown. */
  | { kind: 'snapshots'; project: string; name: string };

/** What the connection shows: its current project, or every project. */
export interface ViewScope {
  project: string;
  allProjects: boolean;
}

/** Lifecycle action prefixes → the view whose list they change (instances are routed finer). */
const LIST_ACTIONS: [RegExp, ListView][] = [
  [/^image-/, 'images'],
  [/^network-/, 'networks'],
  [/^storage-(pool|volume)-/, 'storage'],
  [/^profile-/, 'profiles'],
  [/^project-/, 'projects'],
  [/^cluster-member-/, 'cluster'],
];

/** Instance events that change nothing the tree shows. */
const UNSEEN_INSTANCE_ACTIONS = /^instance-(exec|console|console-reset|console-retrieved|file-|log-|metadata-|backup-)/;

/**
 * What to reload or redraw for one `/1.0/events` event of a connection that shows `scope`, or
 * undefined when the event changes nothing shown. Operation events reload the Operations view;
 * lifecycle events name their object in `metadata.source`.
 */
export function routeEvent(e: AnyEvent, scope: ViewScope): RefreshTarget | undefined {
  if (e.type === 'operation') {
    return { kind: 'list', view: 'operations' };
  }
  if (e.type !== 'lifecycle') {
    return undefined;
  }
  const project = e.project ?? projectFromUrl(e.metadata.source) ?? 'default';
  const action = e.metadata.action;
  // Pools are server-wide, and a project without its own networks, profiles, images or volumes
  // uses the default project's: LXD reports those events in `default`.
  const shared = project === 'default' && !action.startsWith('instance-');
  if (!scope.allProjects && project !== scope.project && !shared && !/^(project|cluster-member)-/.test(action)) {
    return undefined;
  }
  if (action.startsWith('instance-')) {
    return routeInstanceEvent(action, project, e.metadata.source);
  }
  const view = LIST_ACTIONS.find(([re]) => re.test(action))?.[1];
  return view ? { kind: 'list', view } : undefined;
}

function routeInstanceEvent(action: string, project: string, source: string): RefreshTarget | undefined {
  if (/^instance-(created|deleted|renamed)$/.test(action)) {
    return { kind: 'list', view: 'instances' };
  }
  if (UNSEEN_INSTANCE_ACTIONS.test(action)) {
    return undefined;
  }
  // /1.0/instances/<name>[/snapshots/<snap>|/backups/…|/logs/…]
  const name = decodeURIComponent(source.split('?')[0].split('/')[3] ?? '');
  if (action.startsWith('instance-snapshot-')) {
    return { kind: 'snapshots', project, name };
  }
  const status = IMPLIED_STATUS[action];
  return status ? { kind: 'instance', project, name, status } : { kind: 'instance', project, name };
}

/** The status an instance has once LXD reports these actions (sent when the change is done). */
const IMPLIED_STATUS: Record<string, string> = {
  'instance-started': 'Running',
  'instance-restarted': 'Running',
  'instance-resumed': 'Running',
  'instance-stopped': 'Stopped',
  'instance-shutdown': 'Stopped',
  'instance-paused': 'Frozen',
};

/** Events for one target within the refresh period coalesce under this key (per connection). */
export function targetKey(t: RefreshTarget): string {
  return t.kind === 'list' ? t.view : `${t.kind}/${t.project}/${t.name}`;
}
