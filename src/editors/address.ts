import { decodeAuthority, encodeAuthority } from '../connections/authority';

/**
 * Where a configuration or read-only document points, and how that is written in its URI:
 * `lxd-config://<connection>/<project>/<kind>/<name>.yaml`, e.g.
 * `lxd-config://setting~3alxd/default/instance/c1.yaml`. The connection is the authority, encoded
 * as in `lxd:` file URIs (connections/authority.ts). Pure string logic, unit-tested without VS Code.
 */
export interface ResourceAddress {
  connectionId: string;
  project: string;
  /** `instance`, `profile`, `network`, `volume`, `project`, … */
  kind: string;
  /** The object's name; for volumes `<pool>/<type>/<name>`. */
  name: string;
  /** For read-only documents: what to show (`details`, `log:lxc.log`, `console-log`, `server`). */
  view?: string;
}

/** The parts of a URI this module reads and writes. */
export interface UriParts {
  authority: string;
  path: string;
  query: string;
}

/**
 * The tab shows the last path segment, so the object's name ends the path (`c1.yaml`,
 * `c1.lxc.log`); the view, and the segment count of a name with slashes (volumes), travel in the
 * query. The path is what VS Code shows (breadcrumbs, save errors), so it stays readable.
 */
export function formatResourceAddress(a: ResourceAddress): UriParts {
  const nameSegs = a.name.split('/');
  const segs = [a.project, a.kind, ...nameSegs].map(escapeSegment);
  const query = new URLSearchParams();
  if (nameSegs.length > 1) {
    query.set('n', String(nameSegs.length));
  }
  if (a.view) {
    query.set('v', a.view);
  }
  return { authority: encodeAuthority(a.connectionId), path: `/${segs.join('/')}${extOf(a.view)}`, query: query.toString() };
}

/**
 * Reads a document's URI back; throws on anything that is not one. URIs written before the
 * connection moved to the authority (`lxd-config:/setting:lxd/default/instance/c1.yaml`, the
 * connection %-escaped as the first path segment) still read, so editors left open across the
 * update keep working.
 */
export function parseResourceAddress(uri: UriParts): ResourceAddress {
  const q = new URLSearchParams(uri.query);
  const view = q.get('v') ?? undefined;
  const n = Number(q.get('n') ?? '1');
  const ext = extOf(view);
  const trimmed = uri.path.replace(/^\//, '');
  const path = trimmed.endsWith(ext) ? trimmed.slice(0, -ext.length) : trimmed;
  const parts = path.split('/').map(decodeURIComponent);
  const connectionId = uri.authority ? decodeAuthority(uri.authority) : parts.shift();
  if (connectionId === undefined || parts.length !== 2 + n || !(n >= 1)) {
    throw new Error(`Not an LXD document: ${uri.authority}${uri.path}`);
  }
  const [project, kind] = parts;
  const a = { connectionId, project, kind, name: parts.slice(2).join('/'), view };
  checkAddress(a);
  return a;
}

/**
 * Throws, with a message that says why, on a project or object name no LXD object can have and
 * that must never reach a request path: empty, `.` or `..`, holding a control character (NUL,
 * CR, LF, …), or longer than 255 bytes. A volume's name is checked segment by segment (`<pool>/<type>/<name>`).
 */
export function checkAddress(a: Pick<ResourceAddress, 'project' | 'kind' | 'name'>): void {
  checkName('project', a.project);
  a.name.split('/').forEach((segment) => checkName(a.kind, segment));
}

/** Throws on one name (a project, an instance, a segment of a volume's name) as `checkAddress` says. */
export function checkName(what: string, value: string): void {
  const bytes = Buffer.byteLength(value);
  const why =
    value === ''
      ? 'it is empty'
      : value === '.' || value === '..'
        ? `"${value}" names a folder, not an object`
        : hasControl(value)
          ? 'it holds a control character'
          : bytes > MAX_NAME_BYTES
            ? `it is ${bytes} bytes long; no name is longer than ${MAX_NAME_BYTES}`
            : undefined;
  if (why) {
    throw new Error(`Not a valid ${what} name: ${shown(value)} (${why}).`);
  }
}

/**
 * The longest name a project, an object or a file can have: LXD and Incus keep instances, volumes
 * and projects as directories, and Linux file names are at most 255 bytes (NAME_MAX).
 */
export const MAX_NAME_BYTES = 255;

/** A name as a message quotes it: a very long one cut, so the message stays readable. */
export function shown(value: string): string {
  return value.length > 64 ? `${JSON.stringify(value.slice(0, 32)).slice(0, -1)}…"` : JSON.stringify(value);
}

function hasControl(text: string): boolean {
  return [...text].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f);
}

/** What ends the path after the name: `.<file>` for `log:<file>`, `.console.log` for `console-log`, else `.yaml`. */
function extOf(view: string | undefined): string {
  return view?.startsWith('log:') ? `.${view.slice(4)}` : view === 'console-log' ? '.console.log' : '.yaml';
}

/** `vscode.Uri` encodes the path itself: a segment only needs its own `/` (and `%`, so that decoding is exact) escaped. */
function escapeSegment(segment: string): string {
  return segment.replace(/%/g, '%25').replace(/\//g, '%2F');
}
