import * as assert from 'node:assert/strict';
import type { AnyEvent } from '../../../src/client';
import { RefreshTarget, ViewScope, routeEvent, targetKey } from '../../../src/views/routeEvent';

/** A lifecycle event as LXD sends it: the project in `project` when the server fills it, else in the source URL. */
function lifecycle(action: string, source: string, project?: string): AnyEvent {
  return { type: 'lifecycle', timestamp: '2024-01-01T00:00:00Z', project, metadata: { action, source } };
}

const operation: AnyEvent = {
  type: 'operation',
  timestamp: '2024-01-01T00:00:00Z',
  project: 'default',
  metadata: { id: 'op1', status: 'Running' },
};
const logging: AnyEvent = {
  type: 'logging',
  timestamp: '2024-01-01T00:00:00Z',
  metadata: { message: 'hello', level: 'info', context: {} },
};

const inDefault: ViewScope = { project: 'default', allProjects: false };
const inP: ViewScope = { project: 'p', allProjects: false };
const everyProject: ViewScope = { project: '*', allProjects: true };

const list = (view: Extract<RefreshTarget, { kind: 'list' }>['view']): RefreshTarget => ({ kind: 'list', view });

const cases: [what: string, event: AnyEvent, scope: ViewScope, target: RefreshTarget | undefined][] = [
  ['a created instance reloads the instance list', lifecycle('instance-created', '/1.0/instances/c1'), inDefault, list('instances')],
  ['a deleted instance reloads the instance list', lifecycle('instance-deleted', '/1.0/instances/c1'), inDefault, list('instances')],
  ['a renamed instance reloads the instance list', lifecycle('instance-renamed', '/1.0/instances/c2'), inDefault, list('instances')],
  [
    'a started instance is read again alone',
    lifecycle('instance-started', '/1.0/instances/c1'),
    inDefault,
    { kind: 'instance', project: 'default', name: 'c1', status: 'Running' },
  ],
  [
    'a stopped instance shows Stopped before it is read again',
    lifecycle('instance-stopped', '/1.0/instances/c1'),
    inDefault,
    { kind: 'instance', project: 'default', name: 'c1', status: 'Stopped' },
  ],
  [
    'a shut down instance shows Stopped before it is read again',
    lifecycle('instance-shutdown', '/1.0/instances/c1'),
    inDefault,
    { kind: 'instance', project: 'default', name: 'c1', status: 'Stopped' },
  ],
  [
    'a resumed instance shows Running before it is read again',
    lifecycle('instance-resumed', '/1.0/instances/c1'),
    inDefault,
    { kind: 'instance', project: 'default', name: 'c1', status: 'Running' },
  ],
  [
    'an updated instance in the current project is read again alone',
    lifecycle('instance-updated', '/1.0/instances/c1?project=p'),
    inP,
    { kind: 'instance', project: 'p', name: 'c1' },
  ],
  [
    'an escaped instance name is decoded',
    lifecycle('instance-paused', '/1.0/instances/a%20b', 'default'),
    inDefault,
    { kind: 'instance', project: 'default', name: 'a b', status: 'Frozen' },
  ],
  ['an exec in an instance changes nothing shown', lifecycle('instance-exec', '/1.0/instances/c1'), inDefault, undefined],
  ['a console attach changes nothing shown', lifecycle('instance-console', '/1.0/instances/c1'), inDefault, undefined],
  ['a file pushed into an instance changes nothing shown', lifecycle('instance-file-pushed', '/1.0/instances/c1'), inDefault, undefined],
  ['a read log changes nothing shown', lifecycle('instance-log-retrieved', '/1.0/instances/c1/logs/lxc.log'), inDefault, undefined],
  ['a backup changes nothing shown', lifecycle('instance-backup-created', '/1.0/instances/c1/backups/b1'), inDefault, undefined],
  [
    "a new snapshot refreshes its instance's snapshots",
    lifecycle('instance-snapshot-created', '/1.0/instances/c1/snapshots/snap0'),
    inDefault,
    { kind: 'snapshots', project: 'default', name: 'c1' },
  ],
  [
    "a deleted snapshot in project p refreshes its instance's snapshots",
    lifecycle('instance-snapshot-deleted', '/1.0/instances/c1/snapshots/snap0?project=p', 'p'),
    inP,
    { kind: 'snapshots', project: 'p', name: 'c1' },
  ],
  ['an image event reloads the images', lifecycle('image-created', '/1.0/images/abc'), inDefault, list('images')],
  ['an alias event reloads the images', lifecycle('image-alias-created', '/1.0/images/aliases/debian'), inDefault, list('images')],
  ['a network event reloads the networks', lifecycle('network-updated', '/1.0/networks/br0'), inDefault, list('networks')],
  ['a pool event reloads the storage view', lifecycle('storage-pool-created', '/1.0/storage-pools/fast'), inDefault, list('storage')],
  [
    'a volume event reloads the storage view',
    lifecycle('storage-volume-created', '/1.0/storage-pools/fast/volumes/custom/v1'),
    inDefault,
    list('storage'),
  ],
  ['a profile event reloads the profiles', lifecycle('profile-updated', '/1.0/profiles/web'), inDefault, list('profiles')],
  ['a project event reloads the projects', lifecycle('project-created', '/1.0/projects/staging'), inDefault, list('projects')],
  [
    'a cluster member event reloads the members',
    lifecycle('cluster-member-updated', '/1.0/cluster/members/node1'),
    inDefault,
    list('cluster'),
  ],
  ['an operation event reloads the operations', operation, inDefault, list('operations')],
  ['an operation event of another project reloads the operations too', { ...operation, project: 'q' } as AnyEvent, inP, list('operations')],
  ['an instance of another project is not shown', lifecycle('instance-started', '/1.0/instances/c1?project=q', 'q'), inP, undefined],
  ['a profile of another project is not shown', lifecycle('profile-created', '/1.0/profiles/web?project=q', 'q'), inP, undefined],
  [
    'an instance of another project is shown under "All projects"',
    lifecycle('instance-started', '/1.0/instances/c1?project=q', 'q'),
    everyProject,
    { kind: 'instance', project: 'q', name: 'c1', status: 'Running' },
  ],
  ['a project of another project is a server-wide change', lifecycle('project-deleted', '/1.0/projects/q', 'q'), inP, list('projects')],
  [
    'a cluster member is a server-wide change',
    lifecycle('cluster-member-added', '/1.0/cluster/members/n2?project=q', 'q'),
    inP,
    list('cluster'),
  ],
  [
    'a profile in default is shared with a project without its own profiles',
    lifecycle('profile-created', '/1.0/profiles/web', 'default'),
    inP,
    list('profiles'),
  ],
  ['a pool reported in default is server-wide', lifecycle('storage-pool-updated', '/1.0/storage-pools/fast'), inP, list('storage')],
  [
    'an image in default is shared with a project without its own images',
    lifecycle('image-deleted', '/1.0/images/abc'),
    inP,
    list('images'),
  ],
  [
    'an instance in default is not shared with other projects',
    lifecycle('instance-created', '/1.0/instances/c1', 'default'),
    inP,
    undefined,
  ],
  ['an unknown action changes nothing shown', lifecycle('warning-created', '/1.0/warnings/w1'), inDefault, undefined],
  ['a logging event changes nothing shown', logging, inDefault, undefined],
];

describe('Which part of the views an event makes stale (routeEvent)', () => {
  for (const [what, event, scope, target] of cases) {
    it(what, () => assert.deepEqual(routeEvent(event, scope), target));
  }

  it('gives events for one object one key and events for different objects different keys', () => {
    const key = (e: AnyEvent): string => targetKey(routeEvent(e, inDefault)!);
    assert.equal(key(lifecycle('instance-started', '/1.0/instances/c1')), key(lifecycle('instance-stopped', '/1.0/instances/c1')));
    assert.notEqual(key(lifecycle('instance-started', '/1.0/instances/c1')), key(lifecycle('instance-started', '/1.0/instances/c2')));
    assert.notEqual(
      key(lifecycle('instance-started', '/1.0/instances/c1')),
      key(lifecycle('instance-snapshot-created', '/1.0/instances/c1/snapshots/s')),
    );
    assert.equal(key(lifecycle('profile-created', '/1.0/profiles/a')), key(lifecycle('profile-deleted', '/1.0/profiles/b')));
  });
});
