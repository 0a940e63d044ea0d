import { decodeAuthority, encodeAuthority } from '../connections/authority';
import { MAX_NAME_BYTES, checkName, shown } from '../editors/address';

/**
 * Where an `lxd:` URI points: `lxd://<connection>/<project>/<instance>/<path inside the instance>`,
 * e.g. `lxd://local~3alxd/default/c1/etc/hosts` for `/etc/hosts` of `c1` on the connection
 * `local:lxd` (the connection is encoded as connections/authority.ts says). Pure string logic, so
 * it is unit-tested without VS Code. Project and instance names cannot contain `/`, so they are
 * plain path segments; VS Code percent-encodes the path when it prints the URI.
 */

export const FILES_SCHEME = 'lxd';

export interface InstancePath {
  connectionId: string;
  project: string;
  instance: string;
  /** Absolute path inside the instance: `/`, `/etc/hosts`. */
  path: string;
}

/** The authority and path of the URI for a place in an instance. */
export function formatInstancePath(p: InstancePath): { authority: string; path: string } {
  const inside = normalizePath(p.path);
  return { authority: encodeAuthority(p.connectionId), path: `/${p.project}/${p.instance}${inside === '/' ? '' : inside}` };
}

/**
 * Reads a URI's authority and path back; throws on anything that is not one of ours, before any
 * request: a project or instance that is empty, `.`, `..`, holds a control character or is longer
 * than 255 bytes, and a path inside the instance with a `..` segment, a NUL (no file is named so; a
 * request would go elsewhere) or a name longer than 255 bytes (the server would only say ENAMETOOLONG).
 */
export function parseInstancePath(authority: string, uriPath: string): InstancePath {
  const m = /^\/([^/]*)\/([^/]*)(\/.*)?$/.exec(uriPath);
  if (!m || !authority) {
    throw new Error(`Not an LXD instance file: ${authority}${uriPath}`);
  }
  checkName('project', m[1]);
  checkName('instance', m[2]);
  const inside = m[3] ?? '/';
  const long = inside.split('/').find((s) => Buffer.byteLength(s) > MAX_NAME_BYTES);
  const why = inside.includes('\0')
    ? 'it holds a NUL'
    : inside.split('/').includes('..')
      ? 'it holds a ".." segment'
      : long
        ? `a name in it is ${Buffer.byteLength(long)} bytes long; Linux takes at most ${MAX_NAME_BYTES}`
        : undefined;
  if (why) {
    throw new Error(`Not a valid path inside ${m[2]}: ${shown(inside)} (${why}).`);
  }
  return { connectionId: decodeAuthority(authority), project: m[1], instance: m[2], path: normalizePath(m[3] ?? '/') };
}

/** `/a//b/./c/` → `/a/b/c`; `..` never climbs above `/`. */
export function normalizePath(p: string): string {
  const parts: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') {
      continue;
    }
    if (seg === '..') {
      parts.pop();
    } else {
      parts.push(seg);
    }
  }
  return '/' + parts.join('/');
}

export function dirname(p: string): string {
  const n = normalizePath(p);
  const i = n.lastIndexOf('/');
  return i <= 0 ? '/' : n.slice(0, i);
}

export function basename(p: string): string {
  const n = normalizePath(p);
  return n.slice(n.lastIndexOf('/') + 1);
}

export function joinPath(dir: string, name: string): string {
  return normalizePath(`${dir}/${name}`);
}
