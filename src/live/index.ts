import * as vscode from 'vscode';
import { yaml } from '../client/yaml';
import { decodeAuthority, encodeAuthority } from '../connections/authority';
import { ConnectionManager } from '../connections/manager';
import { parseResourceAddress } from '../editors/address';
import { resourceUri } from '../editors/uris';
import { ConsoleLogDocument } from './consoleLogDocument';
import { InstanceAddress } from './instanceDocument';
import { EventsDocument } from './eventsDocument';
import { InstanceLogDocument } from './instanceLogDocument';
import { LIVE_SCHEME, LiveDocuments } from './liveDocuments';

export { LIVE_SCHEME, LiveDocuments } from './liveDocuments';
export { EventsDocument } from './eventsDocument';

/**
 * Live documents: an instance's console log and log files, and a server's events, in read-only
 * editors that grow as their source writes. URIs:
 *   lxd-live://<connection>/<project>/instance/<name>.console.log?v=console-log
 *   lxd-live://<connection>/<project>/instance/<name>.lxc.log?v=log:lxc.log
 *   lxd-live://<connection>/<server name>.events.log
 * (`.log`: VS Code colours them as logs; the tab names the server).
 */

/** The path of a server's events view: one segment, `<name>.events.log` (the name only labels the tab). */
const EVENTS_PATH = /^\/[^/]*\.events\.log$/;

export function consoleLogUri(a: InstanceAddress): vscode.Uri {
  return resourceUri(LIVE_SCHEME, { ...a, kind: 'instance', view: 'console-log' });
}

export function instanceLogUri(a: InstanceAddress, file: string): vscode.Uri {
  return resourceUri(LIVE_SCHEME, { ...a, kind: 'instance', view: `log:${file}` });
}

export function eventsUri(connection: { id: string; name: string }): vscode.Uri {
  return vscode.Uri.from({
    scheme: LIVE_SCHEME,
    authority: encodeAuthority(connection.id),
    path: `/${connection.name.replace(/[/\\]/g, '_')}.events.log`,
  });
}

function createDocument(
  connections: ConnectionManager,
  uri: vscode.Uri,
): ConsoleLogDocument | InstanceLogDocument | EventsDocument | undefined {
  if (EVENTS_PATH.test(uri.path)) {
    return new EventsDocument(uri, connections, decodeAuthority(uri.authority));
  }
  const a = parseResourceAddress(uri);
  const address = { connectionId: a.connectionId, project: a.project, name: a.name };
  if (a.kind !== 'instance') {
    return undefined;
  }
  if (a.view === 'console-log') {
    return new ConsoleLogDocument(uri, connections, address);
  }
  return a.view?.startsWith('log:') ? new InstanceLogDocument(uri, connections, address, a.view.slice(4)) : undefined;
}

export function registerLiveDocuments(context: vscode.ExtensionContext, connections: ConnectionManager): LiveDocuments {
  const live = new LiveDocuments((uri) => createDocument(connections, uri));
  context.subscriptions.push(
    live,
    vscode.workspace.registerTextDocumentContentProvider(LIVE_SCHEME, live),
    vscode.languages.registerHoverProvider({ scheme: LIVE_SCHEME }, { provideHover: (doc, pos) => eventHover(live, doc.uri, pos.line) }),
  );
  return live;
}

/** An event's details on demand: the whole event as YAML, over its line. */
function eventHover(live: LiveDocuments, uri: vscode.Uri, line: number): vscode.Hover | undefined {
  const doc = live.get(uri);
  const event = doc instanceof EventsDocument ? doc.eventAt(line) : undefined;
  if (!event) {
    return undefined;
  }
  const md = new vscode.MarkdownString(
    vscode.l10n.t(
      '**{0}** event · {1}\n\n```yaml\n{2}```\n',
      event.type,
      event.timestamp,
      yaml().stringify(event, { lineWidth: 0 }).replace(/```/g, "'''"),
    ),
  );
  return new vscode.Hover(md);
}
