import type { Image, Instance, StorageVolume } from '../../generated';
import { FacetSpec, FilterSpec } from './filter';

/**
 * What each view filters on, and how the Instances view groups and sorts: pure rules over the
 * already-listed data, kept free of `vscode`.
 */

/** What the Instances view knows of a row: an InstanceNode is one. */
export interface InstanceRowLike {
  readonly name: string;
  readonly project: string;
  readonly instance: Instance;
}

export const INSTANCE_STATUSES = ['Running', 'Stopped', 'Frozen', 'Error'] as const;

/** A location that says nothing (a server outside a cluster answers `none`). */
function locationOf(i: Instance): string | undefined {
  return i.location && i.location !== 'none' ? i.location : undefined;
}

const TYPE_FACET = {
  key: 'type',
  title: 'Type',
  values: ['container', 'vm'],
  label: (v: string) => (v === 'vm' ? 'VM' : v),
  bare: true,
};

export const INSTANCE_FILTER: FilterSpec<InstanceRowLike> = {
  names: (r) => [r.name],
  facets: [
    { key: 'status', title: 'Status', values: INSTANCE_STATUSES, of: (r) => r.instance.status, bare: true },
    { ...TYPE_FACET, of: (r) => (r.instance.type === 'virtual-machine' ? 'vm' : 'container') },
    { key: 'project', title: 'Project', of: (r) => r.project },
    { key: 'location', title: 'Location', of: (r) => locationOf(r.instance) },
  ],
};

/** What the Images view knows of a row: the image and the project it was listed in. */
export interface ImageRowLike {
  readonly image: Image;
  readonly project: string;
}

export const IMAGE_FILTER: FilterSpec<ImageRowLike> = {
  names: (r) => [...(r.image.aliases ?? []).map((a) => a.name ?? ''), r.image.fingerprint ?? '', r.image.properties?.description ?? ''],
  facets: [
    { ...TYPE_FACET, of: (r) => (r.image.type === 'virtual-machine' ? 'vm' : 'container') },
    { key: 'project', title: 'Project', of: (r) => r.project },
  ],
};

export const VOLUME_FILTER: FilterSpec<StorageVolume> = {
  names: (v) => [v.name ?? ''],
  facets: [
    { key: 'type', title: 'Volume type', values: ['custom', 'container', 'virtual-machine', 'image'], of: (v) => v.type, bare: true },
    { key: 'content', title: 'Content type', values: ['filesystem', 'block', 'iso'], of: (v) => v.content_type, bare: true },
  ],
};

/** The values a picker offers for `facet`: its own, then those of the rows, then those chosen already. */
export function facetValues<T>(facet: FacetSpec<T>, rows: Iterable<T>, chosen: readonly string[] = []): string[] {
  const out = [...(facet.values ?? [])];
  const add = (v: string | undefined): void => {
    if (v && !out.some((o) => o.toLowerCase() === v.toLowerCase())) {
      out.push(v);
    }
  };
  const seen: string[] = [];
  for (const row of rows) {
    const v = facet.of(row);
    if (v && !seen.includes(v)) {
      seen.push(v);
    }
  }
  seen.sort((a, b) => a.localeCompare(b)).forEach(add);
  chosen.forEach(add);
  return out;
}

export const GROUPINGS = ['none', 'project', 'status', 'location'] as const;
export type Grouping = (typeof GROUPINGS)[number];

export const SORTINGS = ['name', 'created', 'lastUsed'] as const;
export type Sorting = (typeof SORTINGS)[number];

/** The group a row falls in: '' for none (grouping by none, or an instance without a location). */
export function groupOf(by: Grouping, r: InstanceRowLike): string {
  switch (by) {
    case 'project':
      return r.project;
    case 'status':
      return r.instance.status ?? '';
    case 'location':
      return locationOf(r.instance) ?? '';
    default:
      return '';
  }
}

/** Groups in the order they are shown: statuses Running, Stopped, Frozen, Error, others by name; '' (no location) last. */
export function compareGroups(by: Grouping, a: string, b: string): number {
  if (a === '' || b === '') {
    return Number(a === '') - Number(b === '');
  }
  if (by === 'status') {
    const rank = (s: string): number => {
      const i = (INSTANCE_STATUSES as readonly string[]).indexOf(s);
      return i < 0 ? INSTANCE_STATUSES.length : i;
    };
    return rank(a) - rank(b) || a.localeCompare(b);
  }
  return a.localeCompare(b);
}

/** Milliseconds since the epoch, or undefined for a time LXD leaves unset (`0001-01-01T00:00:00Z`) or absent. */
function timeOf(iso: string | undefined): number | undefined {
  const t = iso ? Date.parse(iso) : NaN;
  return Number.isNaN(t) || t <= 0 ? undefined : t;
}

/** Newest first; rows without the time last. */
function newestFirst(a: string | undefined, b: string | undefined): number {
  const ta = timeOf(a);
  const tb = timeOf(b);
  if (ta === undefined || tb === undefined) {
    return Number(ta === undefined) - Number(tb === undefined);
  }
  return tb - ta;
}

const byName = (a: InstanceRowLike, b: InstanceRowLike): number => a.name.localeCompare(b.name) || a.project.localeCompare(b.project);

/** How rows are ordered: by name, or newest first by creation or last use (ties by name). */
export function compareInstances(by: Sorting): (a: InstanceRowLike, b: InstanceRowLike) => number {
  switch (by) {
    case 'created':
      return (a, b) => newestFirst(a.instance.created_at, b.instance.created_at) || byName(a, b);
    case 'lastUsed':
      return (a, b) => newestFirst(a.instance.last_used_at, b.instance.last_used_at) || byName(a, b);
    default:
      return byName;
  }
}

/** The rows `keep` lets through, sorted, in their groups (one group '' when not grouping). */
export function arrange<T extends InstanceRowLike>(
  rows: Iterable<T>,
  opts: { keep(row: T): boolean; group: Grouping; sort: Sorting },
): { group: string; rows: T[] }[] {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    if (opts.keep(row)) {
      const g = groupOf(opts.group, row);
      let list = groups.get(g);
      if (!list) {
        groups.set(g, (list = []));
      }
      list.push(row);
    }
  }
  const compare = compareInstances(opts.sort);
  return [...groups.entries()]
    .sort(([a], [b]) => compareGroups(opts.group, a, b))
    .map(([group, list]) => ({ group, rows: list.sort(compare) }));
}

/** How the view's description tells a grouping or sorting other than the default. */
export function describeArrangement(group: Grouping, sort: Sorting): string {
  return [group === 'none' ? '' : `by ${group}`, sort === 'created' ? 'newest first' : sort === 'lastUsed' ? 'last used first' : '']
    .filter(Boolean)
    .join(' · ');
}
