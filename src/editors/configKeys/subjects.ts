import * as vscode from 'vscode';
import { Connection } from '../../connections/connection';
import { ConnectionManager } from '../../connections/manager';
import { volumeRef } from '../kinds';
import { parseResourceUri } from '../uris';
import type { Subject } from './areas';
import type { ConfigKeys } from './keys';
import type { KeyServer, KeySources } from './sources';

/** What the key providers need for one configuration document. */
export interface DocumentKeys {
  keys: ConfigKeys;
  subject: Subject;
}

/**
 * The keys and subject of each open configuration document: the server's key lists (once per
 * connection) and, for networks, pools and volumes, the network type or pool driver, read from the
 * server once per document.
 */
export class DocumentKeysCache implements vscode.Disposable {
  private readonly subjects = new Map<string, Promise<Subject | undefined>>();
  private readonly closing: vscode.Disposable;

  constructor(
    private readonly connections: ConnectionManager,
    /** Loaded with the providers' logic. */
    private readonly sources: Promise<KeySources>,
  ) {
    this.closing = vscode.workspace.onDidCloseTextDocument((d) => this.subjects.delete(d.uri.toString()));
  }

  /** `undefined` while the document's server is not connected, or for a document that is not an object's configuration. */
  async of(doc: vscode.TextDocument): Promise<DocumentKeys | undefined> {
    let address;
    try {
      address = parseResourceUri(doc.uri);
    } catch {
      return undefined;
    }
    const c = this.connections.get(address.connectionId);
    if (!c || c.status !== 'connected' || !c.server) {
      return undefined;
    }
    const key = doc.uri.toString();
    let subject = this.subjects.get(key);
    if (!subject) {
      subject = subjectOf(c, address.kind, address.project, address.name);
      this.subjects.set(key, subject);
    }
    const [keys, s] = await Promise.all([this.sources.then((sources) => sources.keysOf(keyServer(c))), subject]);
    return s && { keys, subject: s };
  }

  dispose(): void {
    this.closing.dispose();
  }
}

function keyServer(c: Connection): KeyServer {
  const server = c.server!;
  return {
    id: `${c.id}@${server.version}`,
    kind: server.kind,
    label: c.serverLabel,
    publishesKeys: c.hasExtension('metadata_configuration'),
    fetchKeys: () => c.api().server.configMetadata(),
  };
}

/** A network's type and a pool's driver decide their keys; when they cannot be read, no keys are offered nor judged. */
async function subjectOf(c: Connection, kind: string, project: string, name: string): Promise<Subject | undefined> {
  switch (kind) {
    case 'network':
      return {
        kind,
        type: await c
          .api(project)
          .networks.get(name)
          .then(
            (n) => n.type,
            () => undefined,
          ),
      };
    case 'pool':
      return {
        kind,
        driver: await c
          .api()
          .storage.pool(name)
          .then(
            (p) => p.driver,
            () => undefined,
          ),
      };
    case 'volume':
      return {
        kind,
        driver: await c
          .api()
          .storage.pool(volumeRef(name).pool)
          .then(
            (p) => p.driver,
            () => undefined,
          ),
      };
    case 'instance':
    case 'profile':
    case 'project':
      return { kind };
    default:
      return undefined;
  }
}
