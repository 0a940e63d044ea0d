import * as vscode from 'vscode';
import { ApiError } from '../client';
import { Connection } from '../connections/connection';
import { CONNECT_WAIT_MS, ConnectionManager } from '../connections/manager';
import { log } from '../logger';
import { EDITABLE_KINDS, EditableKind } from './kinds';
import { fromYaml, toYaml } from './yamlModel';
import { ResourceAddress } from './address';
import { CONFIG_SCHEME, parseResourceUri, resourceUri } from './uris';

interface Version {
  /** The server's ETag when last looked at (stat or read). */
  etag?: string;
  /** What VS Code sees as the modification time: bumped whenever the server's ETag changes. */
  mtime: number;
  /**
   * The ETag of the version the user's text started from: the one last read into the editor (or
   * shown beside it in a compare), or written from it. A save sends this one, not the latest seen:
   * VS Code stats the file right before it writes, and that must not make a change made meanwhile
   * look like the user's starting point.
   */
  base?: string;
}

/**
 * Configuration as YAML files, like `lxc config edit`. Saving validates the YAML and replaces the
 * object with a PUT carrying the ETag the user's text started from (If-Match). A change made
 * meanwhile shows up as a newer file when its size changed (VS Code then offers Compare /
 * Overwrite), and otherwise as LXD's 412; an invalid document or a refusal fails the save with
 * LXD's words. In every failure the user's text stays in the editor and nothing is applied.
 */
export class ConfigFileSystem implements vscode.FileSystemProvider {
  /** By the object's URI in its current form, so that a URI of the older form shares its object's version. */
  private readonly versions = new Map<string, Version>();
  private readonly changed = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changed.event;

  constructor(private readonly connections: ConnectionManager) {}

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    const { kind, connection, address } = await this.resolve(uri);
    const current = await this.fetch(uri, kind, connection, address);
    return { type: vscode.FileType.File, ctime: 0, mtime: current.version.mtime, size: Buffer.byteLength(current.text) };
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    const { kind, connection, address } = await this.resolve(uri);
    const current = await this.fetch(uri, kind, connection, address);
    current.version.base = current.version.etag;
    return Buffer.from(current.text);
  }

  async writeFile(uri: vscode.Uri, content: Uint8Array): Promise<void> {
    const { kind, connection, address } = await this.resolve(uri);
    let value: Record<string, unknown>;
    try {
      value = fromYaml(Buffer.from(content).toString('utf8'), kind.schema);
    } catch (e) {
      throw new Error(`${sentence((e as Error).message)} Nothing was applied.`);
    }
    const version = this.versions.get(versionKey(address));
    try {
      await kind.write(connection, address, value, version?.base);
    } catch (e) {
      log().warn(`Saving ${kind.noun} ${address.name} failed: ${(e as Error).message}`);
      if (e instanceof ApiError && e.isConflict) {
        throw new Error(
          `The ${kind.noun} "${address.name}" was changed on the server after you opened it, so your version was not applied. ` +
            `Use "LXD: Compare with Server Version" to merge, then save again.`,
        );
      }
      throw new Error(`LXD refused the configuration of ${kind.noun} "${address.name}": ${(e as Error).message}`);
    }
    log().info(`Applied the configuration of ${kind.noun} ${address.name} on ${connection.name}`);
    // What was written is the user's new starting point: its ETag is only known by reading it back.
    const written = await this.fetch(uri, kind, connection, address).catch(() => undefined);
    if (written) {
      written.version.base = written.version.etag;
    }
    this.changed.fire([{ type: vscode.FileChangeType.Changed, uri }]);
  }

  /**
   * The object as the server has it now, rendered as YAML (the left side of "Compare with Server
   * Version"). Once shown beside the user's text, that version is what a save replaces.
   */
  async serverText(uri: vscode.Uri): Promise<string> {
    const { kind, connection, address } = await this.resolve(uri);
    const current = await this.fetch(uri, kind, connection, address);
    current.version.base = current.version.etag;
    return current.text;
  }

  private async fetch(uri: vscode.Uri, kind: EditableKind, connection: Connection, address: ResourceAddress): Promise<{ text: string; version: Version }> {
    let tagged;
    try {
      tagged = await kind.read(connection, address);
    } catch (e) {
      if (e instanceof ApiError && e.isNotFound) {
        throw vscode.FileSystemError.FileNotFound(uri);
      }
      throw e;
    }
    const key = versionKey(address);
    let version = this.versions.get(key);
    if (!version || version.etag !== tagged.etag) {
      version = { etag: tagged.etag, mtime: Math.max(Date.now(), (version?.mtime ?? 0) + 1), base: version?.base };
      this.versions.set(key, version);
    }
    return { text: render(kind, connection, address, tagged.value), version };
  }

  /** Right after start-up (an editor VS Code restores) its server may still be connecting: waits for it. */
  private async resolve(uri: vscode.Uri): Promise<{ kind: EditableKind; connection: Connection; address: ResourceAddress }> {
    const address = parseResourceUri(uri);
    const kind = EDITABLE_KINDS.find((k) => k.kind === address.kind);
    const connection = kind && (await this.connections.whenConnected(address.connectionId, CONNECT_WAIT_MS));
    if (!kind || !connection) {
      throw vscode.FileSystemError.FileNotFound(uri);
    }
    if (connection.status !== 'connected') {
      throw vscode.FileSystemError.Unavailable(`${connection.name} is not connected`);
    }
    return { kind, connection, address };
  }

  readDirectory(): [string, vscode.FileType][] {
    return [];
  }

  createDirectory(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  delete(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  rename(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }
}

function versionKey(a: ResourceAddress): string {
  return resourceUri(CONFIG_SCHEME, { ...a, view: undefined }).toString();
}

/** Ends a message with a full stop, so that another sentence can follow it. */
function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

function render(kind: EditableKind, connection: Connection, a: ResourceAddress, value: Record<string, unknown>): string {
  const where = kind.kind === 'project' || kind.kind === 'pool' ? connection.name : `${connection.name}, project ${a.project}`;
  return toYaml(
    [
      `Configuration of ${kind.noun} "${a.name}" on ${where}.`,
      'Save to apply it. It is applied only if nobody changed it since it was opened.',
      'Lines starting with # are ignored.',
    ],
    kind.schema,
    value,
  );
}

export function registerConfigFs(context: vscode.ExtensionContext, connections: ConnectionManager): ConfigFileSystem {
  const fs = new ConfigFileSystem(connections);
  context.subscriptions.push(vscode.workspace.registerFileSystemProvider(CONFIG_SCHEME, fs, { isCaseSensitive: true }));
  return fs;
}
