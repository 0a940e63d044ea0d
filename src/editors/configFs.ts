import * as vscode from 'vscode';
import { ApiError } from '../client';
import { Connection } from '../connections/connection';
import { CONNECT_WAIT_MS, ConnectionManager } from '../connections/manager';
import { daemonName } from '../connections/serverKind';
import { log } from '../logger';
import { ResourceAddress, parseResourceAddress } from './address';
import { ConfigVersion, protectionNote, readConfig, saveConfig } from './configSave';
import { EDITABLE_KINDS, EditableKind } from './kinds';
import { VersionBook } from './versions';
import { toYaml } from './yamlModel';
import { CONFIG_SCHEME, parseResourceUri, resourceUri } from './uris';

/**
 * Configuration as YAML files, like `lxc config edit`. Saving validates the YAML and replaces the
 * object (configSave.ts) only if it is still the version the user's text started from: the one read
 * into the editor, shown beside it by "Compare with Server Version", or saved from it. Every
 * conflict, whatever it did to the file's size, gets the same refusal and the same advice, and the
 * advice works (versions.ts says how VS Code's own check is kept out of the way). An invalid
 * document or a refusal fails the save with LXD's words. In every failure the user's text stays in
 * the editor and nothing is applied.
 */
export class ConfigFileSystem implements vscode.FileSystemProvider {
  /** By the object's URI in its current form, so that a URI of the older form shares its object's versions. */
  private readonly versions = new VersionBook();
  private readonly changed = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changed.event;

  constructor(private readonly connections: ConnectionManager) {}

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    const { kind, connection, address } = await this.resolve(uri);
    const current = await this.fetch(uri, kind, connection, address);
    const key = versionKey(address);
    return { type: vscode.FileType.File, ctime: 0, mtime: this.versions.mtime(key, editing(key)), size: Buffer.byteLength(current.text) };
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    const { kind, connection, address } = await this.resolve(uri);
    const current = await this.fetch(uri, kind, connection, address);
    const key = versionKey(address);
    // Only a clean editor takes what is read. Other reads (VS Code comparing what it is about to
    // write, its own conflict editor) leave the user's text where it started.
    if (!editing(key)) {
      this.versions.startFrom(key, current.version);
    }
    return Buffer.from(current.text);
  }

  async writeFile(uri: vscode.Uri, content: Uint8Array): Promise<void> {
    const { kind, connection, address } = await this.resolve(uri);
    const key = versionKey(address);
    const text = Buffer.from(content).toString('utf8');
    try {
      await saveConfig({ kind, source: connection, address, text, base: this.versions.base(key), product: daemonName(connection) });
    } catch (e) {
      log().warn(`Saving ${kind.noun} ${address.name} failed: ${(e as Error).message}`);
      throw e;
    }
    log().info(`Applied the configuration of ${kind.noun} ${address.name} on ${connection.name}`);
    // What was written is the user's new starting point: its version is only known by reading it back.
    const written = await this.fetch(uri, kind, connection, address).catch(() => undefined);
    if (written) {
      this.versions.startFrom(key, written.version);
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
    this.versions.startFrom(versionKey(address), current.version);
    return current.text;
  }

  private async fetch(
    uri: vscode.Uri,
    kind: EditableKind,
    connection: Connection,
    address: ResourceAddress,
  ): Promise<{ text: string; version: ConfigVersion }> {
    let version;
    try {
      version = await readConfig(kind, connection, address);
    } catch (e) {
      if (e instanceof ApiError && e.isNotFound) {
        throw vscode.FileSystemError.FileNotFound(uri);
      }
      throw e;
    }
    this.versions.observe(versionKey(address), version);
    return { text: render(kind, connection, address, version), version };
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

/** Whether an editor holds unsaved text for the object `key` names. */
function editing(key: string): boolean {
  return vscode.workspace.textDocuments.some((d) => d.isDirty && d.uri.scheme === CONFIG_SCHEME && keyOf(d.uri) === key);
}

function keyOf(uri: vscode.Uri): string | undefined {
  try {
    return versionKey(parseResourceAddress(uri));
  } catch {
    return undefined;
  }
}

function render(kind: EditableKind, connection: Connection, a: ResourceAddress, version: ConfigVersion): string {
  const where = kind.kind === 'project' || kind.kind === 'pool' ? connection.name : `${connection.name}, project ${a.project}`;
  return toYaml(
    [
      `Configuration of ${kind.noun} "${a.name}" on ${where}.`,
      ...protectionNote(kind, version, daemonName(connection)),
      'Lines starting with # are ignored.',
    ],
    kind.schema,
    version.value,
  );
}

export function registerConfigFs(context: vscode.ExtensionContext, connections: ConnectionManager): ConfigFileSystem {
  const fs = new ConfigFileSystem(connections);
  context.subscriptions.push(vscode.workspace.registerFileSystemProvider(CONFIG_SCHEME, fs, { isCaseSensitive: true }));
  return fs;
}
