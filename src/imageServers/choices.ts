import type { Image } from '../generated';
import { type RemoteImage, architectureName, remoteImageOf } from '../client';
import { formatBytes } from '../views/format';

/**
 * How an image reads in a list and how search finds it, for a server's own images and an image
 * server's alike. No `vscode` here: the quick pick and the tree dress these up.
 */

/** What is known of an image, wherever it is: an image server's facts, and the name of that server. */
export interface ImageFacts extends Pick<
  RemoteImage,
  'aliases' | 'os' | 'release' | 'releaseTitle' | 'variant' | 'architecture' | 'type' | 'fingerprint' | 'serial'
> {
  description?: string;
  size?: number;
  /** The image server's name (`images`), for an image not on the server yet. */
  server?: string;
}

export function localFacts(img: Image): ImageFacts {
  return { ...remoteImageOf(img), description: img.properties?.description || undefined };
}

export function remoteFacts(img: RemoteImage, server: string): ImageFacts {
  return { ...img, server };
}

/**
 * The alias users know an image by (`debian/12`, `24.04`, `busybox/edge`): the shortest of those
 * that name the release by number when there is one, else the shortest. A server's aliases also
 * spell out the default variant (`debian/12/default`) and the release's code name.
 */
export function userAlias(aliases: string[]): string | undefined {
  const numbered = aliases.filter((a) => /\d/.test(a));
  const pool = numbered.length ? numbered : aliases;
  return [...pool].sort((a, b) => a.length - b.length || a.localeCompare(b))[0];
}

/** How an image is named in a list: `images:debian/12` as the CLIs write it, a local alias, or its description. */
export function imageLabel(f: ImageFacts): string {
  const alias = userAlias(f.aliases);
  if (f.server !== undefined) {
    return `${f.server}:${alias ?? f.fingerprint.slice(0, 12)}`;
  }
  return alias ?? (f.description || f.fingerprint.slice(0, 12));
}

/** `Debian bookworm · cloud · x86_64 · VM`: the facts search matches, on one line. */
export function imageDescription(f: ImageFacts): string {
  const release = f.releaseTitle && f.releaseTitle !== f.release ? `${f.release} (${f.releaseTitle})` : f.release;
  const what = [f.os, release].filter(Boolean).join(' ') || f.description || '';
  return [what, f.variant && f.variant !== 'default' ? f.variant : '', f.architecture, f.type === 'virtual-machine' ? 'VM' : 'container']
    .filter(Boolean)
    .join(' · ');
}

/** `95.3 MiB · build 20240101_05:24 · also debian/bookworm`: the rest. */
export function imageDetail(f: ImageFacts): string {
  const shown = userAlias(f.aliases);
  const others = f.aliases.filter((a) => a !== shown);
  return [
    formatBytes(f.size),
    f.serial ? `build ${f.serial}` : '',
    others.length ? `also ${others.join(', ')}` : '',
    f.server === undefined ? f.fingerprint.slice(0, 12) : '',
  ]
    .filter(Boolean)
    .join(' · ');
}

/** Every word an image is found by. */
function words(f: ImageFacts): string[] {
  const arch = [f.architecture, ...architectureAliases(f.architecture)];
  const type = f.type === 'virtual-machine' ? ['vm', 'virtual-machine', 'virtual machine'] : ['container', 'ct'];
  return [f.os, f.release, f.releaseTitle ?? '', f.variant ?? '', f.description ?? '', f.server ?? '', ...f.aliases, ...arch, ...type]
    .map((w) => w.toLowerCase())
    .filter(Boolean);
}

/**
 * Whether an image matches what the user typed: every word of the query is found in one of the
 * image's facts (`debian 12 cloud`, `ubuntu arm64 vm`, `images:alpine`). Empty matches all.
 */
export function matchesQuery(f: ImageFacts, query: string): boolean {
  const terms = queryTerms(query);
  if (!terms.length) {
    return true;
  }
  const mine = words(f);
  return terms.every((t) => mine.some((w) => w.includes(t)));
}

function queryTerms(query: string): string[] {
  return query
    .toLowerCase()
    .split(/\s+/)
    .flatMap((t) => (/^[^/:]+:[^/]/.test(t) ? t.split(':') : [t.replace(/:$/, '')]))
    .filter(Boolean);
}

/** Whether the query asks for an architecture by name (`arm64`, `aarch64`): then every architecture is searched. */
export function namesArchitecture(query: string): boolean {
  return queryTerms(query).some((t) => architectureName(t) !== undefined);
}

/** The other names of an architecture (`x86_64`: `amd64`), as image servers write them. */
function architectureAliases(arch: string): string[] {
  return KNOWN.filter((n) => n !== arch && architectureName(n) === arch);
}

const KNOWN = [
  'amd64',
  'arm64',
  'armhf',
  'armel',
  'i386',
  'ppc64el',
  's390x',
  'riscv64',
  'loong64',
  'x86_64',
  'aarch64',
  'i686',
  'armv7l',
  'ppc64le',
];

/**
 * The order of a list: by OS, newest release first (by number where a release has one, in its
 * name, title or aliases: `bookworm` is `debian/12`), the default variant first, containers before
 * VMs, then by architecture.
 */
export function compareImages(a: ImageFacts, b: ImageFacts): number {
  return (
    a.os.localeCompare(b.os, undefined, { sensitivity: 'base' }) ||
    compareReleases(a, b) ||
    rankVariant(a.variant) - rankVariant(b.variant) ||
    (a.variant ?? '').localeCompare(b.variant ?? '') ||
    (a.type === b.type ? 0 : a.type === 'container' ? -1 : 1) ||
    a.architecture.localeCompare(b.architecture) ||
    imageLabel(a).localeCompare(imageLabel(b))
  );
}

function rankVariant(v: string | undefined): number {
  return !v || v === 'default' ? 0 : 1;
}

/** Numbered releases first, the highest number first (`24.04`, `22.04`; `12`, `9`), then named ones (`edge`, `sid`) by name. */
function compareReleases(a: ImageFacts, b: ImageFacts): number {
  const [na, nb] = [releaseNumber(a), releaseNumber(b)];
  if (na !== undefined && nb !== undefined) {
    return nb.localeCompare(na, undefined, { numeric: true }) || a.release.localeCompare(b.release);
  }
  if (na !== undefined || nb !== undefined) {
    return na !== undefined ? -1 : 1;
  }
  return a.release.localeCompare(b.release);
}

function releaseNumber(f: ImageFacts): string | undefined {
  const alias = userAlias(f.aliases) ?? '';
  const aliasRelease = alias.includes('/') ? alias.split('/')[1] : alias;
  return [f.release, f.releaseTitle ?? '', aliasRelease].map((t) => /^\d+(?:\.\d+)*/.exec(t)?.[0]).find((n) => n !== undefined);
}

/** The same build of the same product, as listed for another daemon (whose fingerprint may differ). */
export function sameImage(a: ImageFacts, b: ImageFacts): boolean {
  return (
    a.os === b.os &&
    a.release === b.release &&
    (a.variant ?? '') === (b.variant ?? '') &&
    a.architecture === b.architecture &&
    a.type === b.type &&
    (a.serial ?? '') === (b.serial ?? '')
  );
}

/** What a list shows of `all`: the matches of the query, on the given architecture unless told otherwise or the query names one. */
export function visibleImages<T extends ImageFacts>(
  all: T[],
  opts: { query: string; architecture?: string; allArchitectures?: boolean },
): { shown: T[]; otherArchitectures: number } {
  const matching = all.filter((f) => matchesQuery(f, opts.query));
  if (!opts.architecture || opts.allArchitectures || namesArchitecture(opts.query)) {
    return { shown: matching, otherArchitectures: 0 };
  }
  const shown = matching.filter((f) => f.architecture === opts.architecture);
  return { shown, otherArchitectures: matching.length - shown.length };
}
