/**
 * Where an `lxd:` URI points: `lxd://<connection>/<project>/<instance>/<path inside the instance>`,
 * e.g. `lxd://local~3alxd/default/c1/etc/hosts` for `/etc/hosts` of `c1` on the connection
 * `local:lxd`. Pure string logic, so it is unit-tested without VS Code.
 *
 * Connection ids hold `:` (and setting names anything), which an authority cannot carry as is: it
 * would read as host:port. Every character but letters, digits, `-`, `.` and `_` is written as `~`
 * and two hex digits per UTF-8 byte, which stays a plain reg-name, survives VS Code's own
 * percent-encoding untouched, and reads back exactly. Project and instance names cannot contain
 * `/`, so they are plain path segments; VS Code percent-encodes the path when it prints the URI.
 */

export const FILES_SCHEME = 'lxd';

export interface InstancePath {
  connectionId: string;
  project: string;
  instance: string;
  /** Absolute path inside the instance: `/`, `/etc/hosts`. */
  path: string;
}

export function encodeAuthority(connectionId: string): string {
  let out = '';
  for (const byte of Buffer.from(connectionId, 'utf8')) {
    const ch = String.fromCharCode(byte);
    out += /[A-Za-z0-9._-]/.test(ch) ? ch : `~${byte.toString(16).padStart(2, '0')}`;
  }
  return out;
}

export function decodeAuthority(authority: string): string {
  if (!/^(?:[A-Za-z0-9._-]|~[0-9a-fA-F]{2})*$/.test(authority)) {
    throw new Error(`Not an LXD connection in a URI: ${authority}`);
  }
  const bytes: number[] = [];
  for (let i = 0; i < authority.length; i++) {
    if (authority[i] === '~') {
      bytes.push(parseInt(authority.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(authority.charCodeAt(i));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** The authority and path of the URI for a place in an instance. */
export function formatInstancePath(p: InstancePath): { authority: string; path: string } {
  const inside = normalizePath(p.path);
  return { authority: encodeAuthority(p.connectionId), path: `/${p.project}/${p.instance}${inside === '/' ? '' : inside}` };
}

/** Reads a URI's authority and path back; throws on anything that is not one of ours. */
export function parseInstancePath(authority: string, uriPath: string): InstancePath {
  const m = /^\/([^/]+)\/([^/]+)(\/.*)?$/.exec(uriPath);
  if (!m || !authority) {
    throw new Error(`Not an LXD instance file: ${authority}${uriPath}`);
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
