import type { AnyEvent, EventType } from '../client';
import { projectFromUrl } from '../client/url';

/**
 * How the Show Events view reads and filters `/1.0/events`: one line per event, as
 * `lxc monitor --pretty` shows them (time, type, project, a one-line summary). Pure: unit-tested
 * without VS Code.
 */

export const EVENT_TYPES: readonly EventType[] = ['lifecycle', 'operation', 'logging'];

/** Logging events' levels, lowest first (LXD and Incus use logrus' names; `warn` is also seen). */
export const LOG_LEVELS = ['debug', 'info', 'warning', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface EventViewFilter {
  types: EventType[];
  /** The lowest level of logging events shown. */
  logLevel: LogLevel;
  /** Only events of this project (logging events name theirs in their context, if at all). */
  project?: string;
  /** Only events about this instance (its name; in `project` when that is set too). */
  instance?: string;
}

/** What a view shows before the user filters: what changes, not the server's own log. */
export const DEFAULT_FILTER: EventViewFilter = { types: ['lifecycle', 'operation'], logLevel: 'info' };

export function isFiltered(f: EventViewFilter): boolean {
  return (
    !sameTypes(f.types, DEFAULT_FILTER.types) ||
    f.logLevel !== DEFAULT_FILTER.logLevel ||
    f.project !== undefined ||
    f.instance !== undefined
  );
}

function sameTypes(a: readonly EventType[], b: readonly EventType[]): boolean {
  return a.length === b.length && a.every((t) => b.includes(t));
}

/** The project an event belongs to; undefined for logging events that name none. */
export function eventProject(e: AnyEvent): string | undefined {
  switch (e.type) {
    case 'logging':
      return e.metadata?.context?.project || undefined;
    case 'lifecycle':
      return e.project ?? projectFromUrl(e.metadata?.source ?? '') ?? 'default';
    default:
      return e.project ?? 'default';
  }
}

/** `/1.0/instances/c1/snapshots/s?project=p` → `c1`: the instance an API URL is about, if any. */
function instanceOfUrl(url: string): string | undefined {
  const m = /^\/1\.0\/(?:instances|containers|virtual-machines)\/([^/?]+)/.exec(url);
  return m ? decodeURIComponent(m[1]) : undefined;
}

/** The instances an event is about (an operation may name several). */
export function eventInstances(e: AnyEvent): string[] {
  switch (e.type) {
    case 'logging': {
      const name = e.metadata?.context?.instance;
      return name ? [name] : [];
    }
    case 'lifecycle': {
      const name = instanceOfUrl(e.metadata?.source ?? '');
      return name ? [name] : [];
    }
    default: {
      const urls = [...(e.metadata?.resources?.instances ?? []), ...(e.metadata?.resources?.containers ?? [])];
      return [...new Set(urls.map(instanceOfUrl).filter((n): n is string => !!n))];
    }
  }
}

function levelRank(level: string | undefined): number {
  const l = (level ?? '').toLowerCase();
  if (l === 'warn') {
    return LOG_LEVELS.indexOf('warning');
  }
  const i = LOG_LEVELS.indexOf(l as LogLevel);
  // trace below debug; crit, fatal, panic above error.
  return i >= 0 ? i : l === 'trace' ? -1 : LOG_LEVELS.length;
}

export function eventMatches(e: AnyEvent, f: EventViewFilter): boolean {
  if (!f.types.includes(e.type)) {
    return false;
  }
  if (e.type === 'logging' && levelRank(e.metadata?.level) < levelRank(f.logLevel)) {
    return false;
  }
  if (f.project !== undefined && eventProject(e) !== f.project) {
    return false;
  }
  return f.instance === undefined || eventInstances(e).includes(f.instance);
}

/** The filter as the view's header says it. */
export function describeFilter(f: EventViewFilter): string {
  const types = EVENT_TYPES.filter((t) => f.types.includes(t)).map((t) => (t === 'logging' ? `logging (${f.logLevel} and above)` : t));
  return [
    types.join(', ') || 'no type',
    f.project !== undefined ? `project ${f.project}` : 'every project',
    f.instance !== undefined ? `instance ${f.instance}` : 'every instance',
  ].join(' · ');
}

/** `2026-11-25T19:05:13.287742953Z` → `19:05:13.287` in the local time zone (`utc` for tests). */
export function eventTime(timestamp: string, utc = false): string {
  const d = new Date(timestamp);
  if (isNaN(d.getTime())) {
    return '??:??:??.???';
  }
  const [h, m, s, ms] = utc
    ? [d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds()]
    : [d.getHours(), d.getMinutes(), d.getSeconds(), d.getMilliseconds()];
  return `${pad(h)}:${pad(m)}:${pad(s)}.${String(ms).padStart(3, '0')}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** `/1.0/instances/c1?project=p` → `instances/c1`. */
function resourcePath(url: string): string {
  return url.split('?')[0].replace(/^\/1\.0\//, '');
}

/** The one-line summary of an event, after its time, type and project. */
export function eventSummary(e: AnyEvent): string {
  switch (e.type) {
    case 'lifecycle': {
      const m = e.metadata ?? { action: '', source: '' };
      const r = m.requestor;
      const by =
        r?.username || r?.protocol
          ? ` · by ${[r.protocol, r.username].filter(Boolean).join('/')}${r.address ? ` (${r.address})` : ''}`
          : '';
      return `${m.action} ${resourcePath(m.source ?? '')}${by}`;
    }
    case 'operation': {
      const op = e.metadata ?? {};
      const resources = Object.values(op.resources ?? {})
        .flat()
        .map(resourcePath)
        .filter((p) => !p.startsWith('containers/'));
      const parts = [`${op.description ?? op.class ?? 'operation'}: ${op.status ?? ''}`, ...new Set(resources)];
      if (op.err) {
        parts.push(`error: ${oneLine(op.err)}`);
      }
      parts.push((op.id ?? '').slice(0, 8));
      return parts.filter(Boolean).join(' · ');
    }
    case 'logging': {
      const m = e.metadata ?? { message: '', level: '', context: {} };
      const context = Object.entries(m.context ?? {})
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => `${k}=${/\s/.test(String(v)) ? JSON.stringify(v) : String(v)}`);
      return [m.level, oneLine(m.message ?? ''), ...context].filter(Boolean).join(' ');
    }
    default:
      return JSON.stringify((e as { metadata?: unknown }).metadata ?? {});
  }
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ⏎ ').trim();
}

/** `19:05:13.287  lifecycle  default       instance-stopped instances/c1 · by unix/root (@)`. */
export function eventLine(e: AnyEvent, opts: { utc?: boolean } = {}): string {
  const project = e.type === 'logging' ? (eventProject(e) ?? '-') : (eventProject(e) ?? '');
  return `${eventTime(e.timestamp, opts.utc)}  ${e.type.padEnd(9)}  ${project.padEnd(12)}  ${eventSummary(e)}`;
}
