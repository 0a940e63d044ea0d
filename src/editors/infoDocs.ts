import * as vscode from 'vscode';
import { yaml } from '../client/yaml';
import { ConnectionManager } from '../connections/manager';
import { ConfigFileSystem } from './configFs';
import { ResourceAddress } from './address';
import { CONFIG_SCHEME, INFO_SCHEME, parseResourceUri, resourceUri } from './uris';

/**
 * Read-only documents: an object's details as YAML, and the server's current version of a
 * configuration being edited (the left side of "Compare with Server Version"). Logs, which grow,
 * are live documents (`src/live/`).
 */
export class InfoDocuments implements vscode.TextDocumentContentProvider {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly connections: ConnectionManager,
    private readonly configFs: ConfigFileSystem,
  ) {}

  /** Re-reads an open document (e.g. the server side of a diff after a save). */
  refresh(uri: vscode.Uri): void {
    this.changed.fire(uri);
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const a = parseResourceUri(uri);
    const c = this.connections.get(a.connectionId);
    if (!c) {
      return `# ${a.connectionId} is no longer configured.\n`;
    }
    if (a.view === 'server') {
      return this.configFs.serverText(resourceUri(CONFIG_SCHEME, { ...a, view: undefined }));
    }
    const api = c.api(a.project);
    switch (a.kind === 'instance' ? a.view : undefined) {
      case 'details':
        return `# ${a.name} on ${c.name}, project ${a.project} (read-only; refreshed when reopened)\n${yaml().stringify(await api.instances.getFull(a.name), { lineWidth: 0 })}`;
    }
    return `# Nothing to show for ${uri.toString()}\n`;
  }
}

export function infoUri(a: ResourceAddress): vscode.Uri {
  return resourceUri(INFO_SCHEME, a);
}

export function registerInfoDocuments(
  context: vscode.ExtensionContext,
  connections: ConnectionManager,
  configFs: ConfigFileSystem,
): InfoDocuments {
  const docs = new InfoDocuments(connections, configFs);
  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(INFO_SCHEME, docs),
    // A saved configuration is the server's version now: the left side of an open compare follows.
    configFs.onDidChangeFile((changes) => changes.forEach((c) => docs.refresh(infoUri({ ...parseResourceUri(c.uri), view: 'server' })))),
  );
  return docs;
}
