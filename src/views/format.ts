import { LxdError } from '../client';

/**
 * How values read in the views, pickers and messages. Kept free of `vscode`, so that unit tests,
 * the files code and the commands share it.
 */

export function formatBytes(n: number | undefined): string {
  if (n === undefined || !Number.isFinite(n)) {
    return '';
  }
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v < 10 && i > 0 ? v.toFixed(1) : Math.round(v)} ${units[i]}`;
}

/** LXD sends unset times as 1970 or year 1. */
export function formatDate(iso: string | undefined): string {
  if (!iso || iso.startsWith('0001-') || iso.startsWith('1970-')) {
    return '';
  }
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : dateFormat().format(d);
}

let cachedDateFormat: Intl.DateTimeFormat | undefined;

/** What `toLocaleString()` writes, from one formatter: `toLocaleString` builds an ICU formatter per call. */
function dateFormat(): Intl.DateTimeFormat {
  cachedDateFormat ??= new Intl.DateTimeFormat(undefined, {
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  return cachedDateFormat;
}

/** A snapshot's own name: LXD names instance and volume snapshots `<parent>/<snapshot>`. */
export function snapshotName(name: string | undefined): string {
  return (name ?? '').split('/').pop() ?? '';
}

/** The first `max` names, comma-separated, then "and N more" for the rest, for messages that name what is affected. */
export function listSome(names: string[], max: number): string {
  return `${names.slice(0, max).join(', ')}${names.length > max ? ` and ${names.length - max} more` : ''}`;
}

/** A short text for an error, in LXD's words where it gave any. */
export function describeError(e: unknown): string {
  if (e instanceof LxdError) {
    return e.message;
  }
  return (e as Error)?.message ?? String(e);
}
