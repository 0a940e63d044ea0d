import * as assert from 'node:assert/strict';
import type { AnyEvent } from '../../../src/client';
import {
  DEFAULT_FILTER,
  EventViewFilter,
  describeFilter,
  eventInstances,
  eventLine,
  eventMatches,
  eventProject,
  isFiltered,
} from '../../../src/live/eventLines';

const T = '2026-12-06T22:01:37.504136006Z';

// Shapes as LXD 5.0.2 and Incus 6.0.4 send them (see test/integration/events.test.ts).
const started: AnyEvent = {
  type: 'lifecycle',
  timestamp: T,
  project: 'lxdx-test',
  location: 'none',
  metadata: {
    action: 'instance-started',
    source: '/1.0/instances/c1?project=lxdx-test',
    requestor: { username: 'root', protocol: 'unix', address: '@' },
  },
};
const snapshot: AnyEvent = {
  type: 'lifecycle',
  timestamp: T,
  metadata: { action: 'instance-snapshot-created', source: '/1.0/instances/c2/snapshots/s0' },
};
const imageDeleted: AnyEvent = {
  type: 'lifecycle',
  timestamp: T,
  project: 'default',
  metadata: { action: 'image-deleted', source: '/1.0/images/abc' },
};
const deleting: AnyEvent = {
  type: 'operation',
  timestamp: T,
  project: 'lxdx-test',
  metadata: {
    id: 'cd5a6896-28ef-4cee-93e6-74ce201efe0f',
    class: 'task',
    description: 'Deleting instance',
    status: 'Running',
    resources: { containers: ['/1.0/containers/c1?project=lxdx-test'], instances: ['/1.0/instances/c1?project=lxdx-test'] },
  },
};
const failedOp: AnyEvent = {
  type: 'operation',
  timestamp: T,
  project: 'default',
  metadata: { id: '0123456789', description: 'Starting instance', status: 'Failure', err: 'boom\nand more', resources: null },
};
const request: AnyEvent = {
  type: 'logging',
  timestamp: T,
  location: 'none',
  metadata: { message: 'Handling API request', level: 'debug', context: { method: 'GET', url: '/1.0', username: 'root' } },
};
const stopping: AnyEvent = {
  type: 'logging',
  timestamp: T,
  metadata: {
    message: 'Stopping container',
    level: 'info',
    context: { action: 'stop', instance: 'c1', project: 'lxdx-test', created: '2026-12-06 22:01:22 +0000 UTC' },
  },
};
const warn: AnyEvent = { type: 'logging', timestamp: T, metadata: { message: 'Disk almost full', level: 'warn', context: {} } };

const filter = (f: Partial<EventViewFilter>): EventViewFilter => ({ ...DEFAULT_FILTER, ...f });

describe('Event lines of the Show Events view', () => {
  it('renders a lifecycle event as time, type, project, action, object and requestor', () => {
    assert.equal(
      eventLine(started, { utc: true }),
      '22:01:37.504  lifecycle  lxdx-test     instance-started instances/c1 · by unix/root (@)',
    );
  });

  it('renders an operation with its description, status, resources (without the legacy containers URL) and short id', () => {
    assert.equal(
      eventLine(deleting, { utc: true }),
      '22:01:37.504  operation  lxdx-test     Deleting instance: Running · instances/c1 · cd5a6896',
    );
    assert.equal(
      eventLine(failedOp, { utc: true }),
      '22:01:37.504  operation  default       Starting instance: Failure · error: boom ⏎ and more · 01234567',
    );
  });

  it('renders a logging event with its level, message and sorted context, values with spaces quoted', () => {
    assert.equal(
      eventLine(request, { utc: true }),
      '22:01:37.504  logging    -             debug Handling API request method=GET url=/1.0 username=root',
    );
    assert.equal(
      eventLine(stopping, { utc: true }),
      '22:01:37.504  logging    lxdx-test     info Stopping container action=stop created="2026-12-06 22:01:22 +0000 UTC" instance=c1 project=lxdx-test',
    );
  });

  it("finds the project: the event's own, else the source URL's, else default; a logging event's from its context", () => {
    assert.deepEqual([started, snapshot, imageDeleted, deleting, request, stopping].map(eventProject), [
      'lxdx-test',
      'default',
      'default',
      'lxdx-test',
      undefined,
      'lxdx-test',
    ]);
  });

  it('finds the instance an event is about: source, snapshot source, operation resources, logging context', () => {
    assert.deepEqual([started, snapshot, imageDeleted, deleting, failedOp, request, stopping].map(eventInstances), [
      ['c1'],
      ['c2'],
      [],
      ['c1'],
      [],
      [],
      ['c1'],
    ]);
  });

  it('shows lifecycle and operation events, not logging, until the user filters', () => {
    assert.deepEqual(
      [started, deleting, request, stopping].map((e) => eventMatches(e, DEFAULT_FILTER)),
      [true, true, false, false],
    );
    assert.equal(isFiltered(DEFAULT_FILTER), false);
  });

  it('filters by type, and logging events by their lowest level (warn counts as warning)', () => {
    const f = filter({ types: ['logging'], logLevel: 'info' });
    assert.deepEqual(
      [started, request, stopping, warn].map((e) => eventMatches(e, f)),
      [false, false, true, true],
    );
    assert.deepEqual(
      [request, stopping, warn].map((e) => eventMatches(e, filter({ types: ['logging'], logLevel: 'warning' }))),
      [false, false, true],
    );
    assert.equal(isFiltered(f), true);
  });

  it('filters by project: events of another project, and logging events naming none, are hidden', () => {
    const f = filter({ types: ['lifecycle', 'operation', 'logging'], logLevel: 'debug', project: 'lxdx-test' });
    assert.deepEqual(
      [started, snapshot, imageDeleted, deleting, request, stopping].map((e) => eventMatches(e, f)),
      [true, false, false, true, false, true],
    );
  });

  it("filters by instance: another instance's start is hidden, its own shown", () => {
    assert.equal(eventMatches(started, filter({ instance: 'c1' })), true);
    assert.equal(eventMatches(started, filter({ instance: 'other' })), false);
    assert.equal(eventMatches(deleting, filter({ instance: 'c1', project: 'lxdx-test' })), true);
    assert.equal(eventMatches(deleting, filter({ instance: 'c1', project: 'default' })), false);
  });

  it('says the filter in the header', () => {
    assert.equal(describeFilter(DEFAULT_FILTER), 'lifecycle, operation · every project · every instance');
    assert.equal(
      describeFilter(filter({ types: ['logging', 'lifecycle'], logLevel: 'warning', project: 'p', instance: 'c1' })),
      'lifecycle, logging (warning and above) · project p · instance c1',
    );
  });
});
