import * as assert from 'node:assert/strict';
import type { Image, Instance, StorageVolume } from '../../../src/generated';
import { NO_FILTER, ViewFilter, describeFilter, isFiltered, matches, parseFilter, readFilter } from '../../../src/views/arrangement/filter';
import {
  IMAGE_FILTER,
  INSTANCE_FILTER,
  InstanceRowLike,
  VOLUME_FILTER,
  arrange,
  compareInstances,
  describeArrangement,
  facetValues,
} from '../../../src/views/arrangement/specs';

/** A row of the Instances view as the filter sees it. */
function row(name: string, fields: Partial<Instance> & { project?: string } = {}): InstanceRowLike {
  const project = fields.project ?? 'default';
  return { name, project, instance: { name, status: 'Stopped', type: 'container', location: 'none', ...fields, project } };
}

const names = (rows: InstanceRowLike[]): string[] => rows.map((r) => r.name);

const filter = (name: string, facets: Record<string, string[]> = {}): ViewFilter => ({ name, facets });

describe('Filtering, grouping and sorting the views (views/arrangement)', () => {
  const rows = [
    row('web-1', { status: 'Running', created_at: '2026-01-03T00:00:00Z', last_used_at: '2026-02-01T00:00:00Z' }),
    row('web-2', { status: 'Stopped', type: 'virtual-machine', created_at: '2026-01-05T00:00:00Z', last_used_at: '0001-01-01T00:00:00Z' }),
    row('db', {
      status: 'Running',
      project: 'prod',
      location: 'node2',
      created_at: '2026-01-01T00:00:00Z',
      last_used_at: '2026-03-01T00:00:00Z',
    }),
    row('cache', { status: 'Frozen', project: 'prod', location: 'node1', created_at: '2026-01-04T00:00:00Z' }),
  ];
  const kept = (f: ViewFilter): string[] => names(rows.filter((r) => matches(INSTANCE_FILTER, f, r)));

  it('shows every row when nothing is set, and says it is not filtered', () => {
    assert.equal(isFiltered(NO_FILTER), false);
    assert.equal(isFiltered(filter('  ', { status: [] })), false);
    assert.deepEqual(kept(NO_FILTER), ['web-1', 'web-2', 'db', 'cache']);
  });

  it('keeps the rows whose name holds every typed term, case ignored', () => {
    assert.deepEqual(kept(filter('WEB')), ['web-1', 'web-2']);
    assert.deepEqual(kept(filter('web 2')), ['web-2']);
    assert.deepEqual(kept(filter('nothing')), []);
  });

  it('keeps a row whose facet has any of the ticked values, and needs every facet to agree', () => {
    assert.deepEqual(kept(filter('', { status: ['Running'] })), ['web-1', 'db']);
    assert.deepEqual(kept(filter('', { status: ['running', 'frozen'] })), ['web-1', 'db', 'cache']);
    assert.deepEqual(kept(filter('', { type: ['vm'] })), ['web-2']);
    assert.deepEqual(kept(filter('', { project: ['prod'], status: ['Running'] })), ['db']);
    assert.deepEqual(kept(filter('web', { status: ['Running'] })), ['web-1']);
  });

  it('never matches a location on a server that has none ("none")', () => {
    assert.deepEqual(kept(filter('', { location: ['node1'] })), ['cache']);
    assert.deepEqual(kept(filter('', { location: ['none'] })), []);
  });

  it('prints the filter for the view description, bare values for status and type', () => {
    assert.equal(describeFilter(INSTANCE_FILTER, NO_FILTER), '');
    assert.equal(describeFilter(INSTANCE_FILTER, filter('web', { status: ['Running'] })), 'name~web · Running');
    assert.equal(
      describeFilter(INSTANCE_FILTER, filter('web 2', { type: ['vm'], status: ['Running', 'Frozen'], project: ['prod'] })),
      'name~web · name~2 · Running,Frozen · VM · project:prod',
    );
  });

  it('reads back what it prints, and what a user types', () => {
    for (const f of [
      filter('web', { status: ['Running'] }),
      filter('web 2', { status: ['Running', 'Frozen'], type: ['vm'], project: ['prod'], location: ['node1'] }),
      filter('running'),
    ]) {
      assert.deepEqual(parseFilter(INSTANCE_FILTER, describeFilter(INSTANCE_FILTER, f)), f);
    }
    assert.deepEqual(parseFilter(INSTANCE_FILTER, 'web running VM project:prod,dev'), {
      name: 'web',
      facets: { status: ['Running'], type: ['vm'], project: ['prod', 'dev'] },
    });
    assert.deepEqual(parseFilter(INSTANCE_FILTER, 'status:stopped status:Stopped container'), {
      name: '',
      facets: { status: ['Stopped'], type: ['container'] },
    });
    assert.deepEqual(parseFilter(INSTANCE_FILTER, 'unknown:x'), { name: 'unknown:x', facets: {} });
  });

  it('reads a stored filter of another shape as none, and drops what is not text', () => {
    assert.deepEqual(readFilter(undefined), NO_FILTER);
    assert.deepEqual(readFilter('web'), NO_FILTER);
    assert.deepEqual(readFilter({ name: 3, facets: { status: ['Running', 4], type: 'vm' } }), {
      name: '',
      facets: { status: ['Running'] },
    });
  });

  it('sorts by name, or newest first by creation or last use, never-used last', () => {
    assert.deepEqual(names([...rows].sort(compareInstances('name'))), ['cache', 'db', 'web-1', 'web-2']);
    assert.deepEqual(names([...rows].sort(compareInstances('created'))), ['web-2', 'cache', 'web-1', 'db']);
    assert.deepEqual(names([...rows].sort(compareInstances('lastUsed'))), ['db', 'web-1', 'cache', 'web-2']);
  });

  it('groups by status in a fixed order, by project and location by name, rows without a location last', () => {
    const all = { keep: () => true, sort: 'name' as const };
    const shape = (g: { group: string; rows: InstanceRowLike[] }[]): [string, string[]][] => g.map((x) => [x.group, names(x.rows)]);
    assert.deepEqual(shape(arrange(rows, { ...all, group: 'none' })), [['', ['cache', 'db', 'web-1', 'web-2']]]);
    assert.deepEqual(shape(arrange(rows, { ...all, group: 'status' })), [
      ['Running', ['db', 'web-1']],
      ['Stopped', ['web-2']],
      ['Frozen', ['cache']],
    ]);
    assert.deepEqual(shape(arrange(rows, { ...all, group: 'project' })), [
      ['default', ['web-1', 'web-2']],
      ['prod', ['cache', 'db']],
    ]);
    assert.deepEqual(shape(arrange(rows, { ...all, group: 'location' })), [
      ['node1', ['cache']],
      ['node2', ['db']],
      ['', ['web-1', 'web-2']],
    ]);
    assert.deepEqual(shape(arrange(rows, { keep: (r) => r.name.startsWith('web'), group: 'status', sort: 'created' })), [
      ['Running', ['web-1']],
      ['Stopped', ['web-2']],
    ]);
  });

  it('says a grouping or sorting other than the default in the description', () => {
    assert.equal(describeArrangement('none', 'name'), '');
    assert.equal(describeArrangement('status', 'created'), 'by status · newest first');
    assert.equal(describeArrangement('none', 'lastUsed'), 'last used first');
  });

  it('offers a facet its own values, then those listed, then those chosen already', () => {
    const status = INSTANCE_FILTER.facets.find((f) => f.key === 'status');
    const project = INSTANCE_FILTER.facets.find((f) => f.key === 'project');
    assert.ok(status && project);
    assert.deepEqual(facetValues(status, rows), ['Running', 'Stopped', 'Frozen', 'Error']);
    assert.deepEqual(facetValues(project, rows, ['gone']), ['default', 'prod', 'gone']);
  });

  it('filters images by alias, fingerprint or description, and type', () => {
    const image = (fields: Partial<Image>): { image: Image; project: string } => ({
      image: { type: 'container', ...fields },
      project: 'default',
    });
    const images = [
      image({ fingerprint: 'abc123', aliases: [{ name: 'debian/12' }] }),
      image({ fingerprint: 'def456', type: 'virtual-machine', properties: { description: 'Ubuntu noble' } }),
    ];
    const keptImages = (text: string): string[] =>
      images.filter((i) => matches(IMAGE_FILTER, parseFilter(IMAGE_FILTER, text), i)).map((i) => i.image.fingerprint ?? '');
    assert.deepEqual(keptImages('debian'), ['abc123']);
    assert.deepEqual(keptImages('DEF4'), ['def456']);
    assert.deepEqual(keptImages('noble'), ['def456']);
    assert.deepEqual(keptImages('vm'), ['def456']);
  });

  it('filters volumes by name, volume type and content type', () => {
    const volumes: StorageVolume[] = [
      { name: 'data', type: 'custom', content_type: 'filesystem' },
      { name: 'disk', type: 'custom', content_type: 'block' },
      { name: 'web-1', type: 'container', content_type: 'filesystem' },
    ];
    const keptVolumes = (text: string): string[] =>
      volumes.filter((v) => matches(VOLUME_FILTER, parseFilter(VOLUME_FILTER, text), v)).map((v) => v.name ?? '');
    assert.deepEqual(keptVolumes('custom'), ['data', 'disk']);
    assert.deepEqual(keptVolumes('block'), ['disk']);
    assert.deepEqual(keptVolumes('content:filesystem d'), ['data']);
    assert.deepEqual(keptVolumes('web'), ['web-1']);
  });
});
