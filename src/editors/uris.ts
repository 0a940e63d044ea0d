import * as vscode from 'vscode';

/** Editable configuration documents: `lxd-config:/<connection>/<project>/<kind>/<name>.yaml`. */
export const CONFIG_SCHEME = 'lxd-config';
/** Read-only documents: details, logs, the server's side of a config diff. */
export const INFO_SCHEME = 'lxd-info';

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

/**
 * The tab shows the last path segment, so the object's name ends the path (`c1.yaml`,
 * `c1.lxc.log`); the view, and the segment count of a name with slashes (volumes), travel in the
 * query. The path is what VS Code shows (breadcrumbs, save errors), so it stays readable:
 * `lxd-config:/setting:lxd/default/instance/c1.yaml`.
 */
export function resourceUri(scheme: string, a: ResourceAddress): vscode.Uri {
  const nameSegs = a.name.split('/');
  const segs = [a.connectionId, a.project, a.kind, ...nameSegs].map(escapeSegment);
  const ext = extOf(a.view);
  const query = new URLSearchParams();
  if (nameSegs.length > 1) {
    query.set('n', String(nameSegs.length));
  }
  if (a.view) {
    query.set('v', a.view);
  }
  return vscode.Uri.from({ scheme, path: `/${segs.join('/')}${ext}`, query: query.toString() });
}

/** What ends the path after the name: `.<file>` for `log:<file>`, `.console.log` for `console-log`, else `.yaml`. */
function extOf(view: string | undefined): string {
  return view?.startsWith('log:') ? `.${view.slice(4)}` : view === 'console-log' ? '.console.log' : '.yaml';
}

/**
 * `vscode.Uri` encodes the path itself: a segment only needs its own `/` (and `%`, so that
 * decoding is exact) escaped, or `setting:lxd` would show as `setting%3Alxd`.
 */
function escapeSegment(segment: string): string {
  return segment.replace(/%/g, '%25').replace(/\//g, '%2F');
}

export function parseResourceUri(uri: vscode.Uri): ResourceAddress {
  const q = new URLSearchParams(uri.query);
  const view = q.get('v') ?? undefined;
  const n = Number(q.get('n') ?? '1');
  const ext = extOf(view);
  const trimmed = uri.path.replace(/^\//, '');
  const path = trimmed.endsWith(ext) ? trimmed.slice(0, -ext.length) : trimmed;
  const parts = path.split('/').map(decodeURIComponent);
  if (parts.length !== 3 + n || n < 1) {
    throw vscode.FileSystemError.FileNotFound(uri);
  }
  const [connectionId, project, kind] = parts;
  return { connectionId, project, kind, name: parts.slice(3).join('/'), view };
}
