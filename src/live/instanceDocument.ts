import * as vscode from 'vscode';
import type { AnyEvent, LifecycleEvent } from '../client';
import { Connection } from '../connections/connection';
import { ConnectionManager } from '../connections/manager';
import { ConnectionWatch } from './connectionWatch';
import { eventInstances, eventProject } from './eventLines';
import { LiveDocument, followState } from './liveDocument';
import { BoundedLines } from './text';

/** Lines an instance's log view keeps. */
export const MAX_LINES = 5000;

export interface InstanceAddress {
  connectionId: string;
  project: string;
  name: string;
}

/**
 * A live document about one instance (its console log, a log file): lines read from the server,
 * at most MAX_LINES, and the instance's lifecycle events from the connection's events stream.
 */
export abstract class InstanceDocument extends LiveDocument {
  protected readonly lines = new BoundedLines(MAX_LINES);
  private watch?: ConnectionWatch;

  constructor(
    uri: vscode.Uri,
    protected readonly connections: ConnectionManager,
    readonly address: InstanceAddress,
  ) {
    super(uri);
  }

  /** What the document shows: `Console log`, `lxc.log`. */
  protected abstract readonly what: string;
  /** Where reading stands, for the header. */
  protected abstract status(): string;
  /** Reads again, from scratch as far as the view is concerned (on open, Follow, and when the server is back). */
  protected abstract refresh(): void;
  /** Stops reading (Stop Following, close). */
  protected abstract halt(): void;
  /** A lifecycle event of this instance. */
  protected abstract onInstanceEvent(e: LifecycleEvent): void;

  protected get name(): string {
    return this.address.name;
  }

  /** The connection, when it is connected. */
  protected connected(): Connection | undefined {
    const c = this.connections.get(this.address.connectionId);
    return c?.status === 'connected' ? c : undefined;
  }

  protected notConnected(): string {
    return `${this.connections.get(this.address.connectionId)?.name ?? this.address.connectionId} is not connected: waiting for it`;
  }

  protected header(): string[] {
    const c = this.connections.get(this.address.connectionId);
    const server = c ? `${c.name}${c.serverLabel ? ` (${c.serverLabel})` : ''}` : this.address.connectionId;
    const head = [
      `# ${this.what} of ${this.name} · project ${this.address.project} · ${server}`,
      `# ${followState(this)} · ${this.status()}`,
    ];
    if (this.lines.dropped) {
      head.push(`# (${this.lines.dropped} earlier lines dropped: the view keeps the last ${MAX_LINES})`);
    }
    return head;
  }

  protected body(): string[] {
    return this.lines.all;
  }

  protected startFollowing(): void {
    this.watch = new ConnectionWatch(this.connections, this.address.connectionId, {
      onEvent: (e) => this.isAboutMe(e) && this.onInstanceEvent(e),
      onBack: () => this.refresh(),
      onStatus: () => this.update(),
    });
    this.refresh();
  }

  protected stopFollowing(): void {
    this.watch?.dispose();
    this.watch = undefined;
    this.halt();
  }

  private isAboutMe(e: AnyEvent): e is LifecycleEvent {
    return e.type === 'lifecycle' && eventProject(e) === this.address.project && eventInstances(e).includes(this.name);
  }

  override dispose(): void {
    super.dispose();
    this.halt();
  }
}
