import * as vscode from 'vscode';
import { ConnectionManager } from '../connections/manager';
import { InfoDocuments } from '../editors/infoDocs';
import type { Leftovers } from '../files/atomic';
import type { LiveDocuments } from '../live/liveDocuments';
import { Remotes } from '../remotes';
import { Arrangement } from '../views/arrangement/store';
import { RefreshManager, ViewSet } from '../views/refresh';
import type { InstanceFileSystem } from '../files/provider';

/** What every command may use. */
export interface CommandContext {
  readonly extension: vscode.ExtensionContext;
  readonly connections: ConnectionManager;
  readonly views: ViewSet;
  /** The views' filters, and how the Instances view groups and sorts. */
  readonly arrangement: Arrangement;
  readonly refresh: RefreshManager;
  /** The remotes added in VS Code and those of the lxc / incus CLIs. */
  readonly remotes: Remotes;
  /** The read-only documents: details, logs, the server's side of a configuration compare. */
  readonly infoDocs: InfoDocuments;
  /** The documents that follow their source: logs, console logs, events. */
  readonly live: LiveDocuments;
  /**
   * Temporaries a write into an instance could not remove (the daemon was gone), shared by the
   * `lxd:` file system and Upload to Instance…: the next write into that instance removes them.
   */
  readonly leftovers: Leftovers;
  /** The `lxd:` file system, told of the files a command changed (the Explorer and the Files nodes follow it). */
  readonly instanceFs: InstanceFileSystem;
}

/** A command: its id in package.json and what it does. Tree commands get (node, selectedNodes). */
export interface Command {
  id: string;
  run(ctx: CommandContext, ...args: unknown[]): unknown;
}
