import * as vscode from 'vscode';
import type { AnyEvent } from '../client';
import { Connection } from '../connections/connection';
import { ConnectionManager } from '../connections/manager';

export interface WatchHandlers {
  /** An event of the connection's one events stream (lifecycle and operation, every project). */
  onEvent?(e: AnyEvent): void;
  /**
   * The connection came (back): connected after being down (its events stream lost and back
   * included: the connection is `disconnected` meanwhile) or rebuilt. Events may have been missed.
   */
  onBack?(c: Connection): void;
  /** Its status changed (connected, disconnected, …). */
  onStatus?(c: Connection | undefined): void;
}

/**
 * Follows one connection by its id, across the manager rebuilding it (a re-trusted remote) and its
 * reconnections, on the connection's own events stream: a live view opens no stream of its own
 * for lifecycle and operation events.
 */
export class ConnectionWatch implements vscode.Disposable {
  private current?: Connection;
  private bound: vscode.Disposable[] = [];
  private lastStatus?: string;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly connections: ConnectionManager,
    readonly connectionId: string,
    private readonly handlers: WatchHandlers,
  ) {
    this.subscription = connections.onDidChange(() => this.rebind());
    this.rebind();
  }

  get connection(): Connection | undefined {
    return this.current;
  }

  private rebind(): void {
    const c = this.connections.get(this.connectionId);
    if (c !== this.current) {
      this.bound.forEach((d) => d.dispose());
      this.bound = [];
      this.current = c;
      this.lastStatus = undefined;
      if (c) {
        this.bound.push(c.onEvent((e) => this.handlers.onEvent?.(e)));
      }
    }
    const status = c?.status;
    if (status !== this.lastStatus) {
      const wasDown = this.lastStatus !== undefined && this.lastStatus !== 'connected';
      this.lastStatus = status;
      this.handlers.onStatus?.(c);
      if (c && status === 'connected' && wasDown) {
        this.handlers.onBack?.(c);
      }
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.bound.forEach((d) => d.dispose());
    this.bound = [];
  }
}
