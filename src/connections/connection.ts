import * as vscode from 'vscode';
import { AnyEvent, Client } from '../client';
import { log, traceRequest } from '../logger';
import { ConnectionSpec, ConnectionStatus, ServerLink, ServerSummary, serverLabel } from './link';

export type { ConnectionSource, ConnectionSpec, ConnectionStatus, ServerSummary } from './link';

/** `*` is "All projects". */
export const ALL_PROJECTS = '*';

/**
 * One server the explorer talks to: its client, the project the user works in, the events stream
 * that keeps the views live, and the connection state the views show.
 */
export class Connection implements vscode.Disposable {
  private readonly link: ServerLink;
  private statusValue: ConnectionStatus = 'connecting';
  private errorValue?: Error;
  private readonly changed = new vscode.EventEmitter<Connection>();
  private readonly events = new vscode.EventEmitter<AnyEvent>();
  private readonly reconnected = new vscode.EventEmitter<Connection>();

  /** Status, project or server identity changed. */
  readonly onDidChange = this.changed.event;
  /** Every lifecycle and operation event of the server (all projects where the server allows). */
  readonly onEvent = this.events.event;
  /** The events stream came back after a loss: what the views show may be stale. */
  readonly onDidReconnect = this.reconnected.event;

  constructor(
    readonly spec: ConnectionSpec,
    private projectValue: string,
    private readonly saveProject: (project: string) => void,
  ) {
    this.link = new ServerLink(spec, {
      status: (status, error) => this.setStatus(status, error),
      event: (e) => this.events.fire(e),
      reconnected: () => this.reconnected.fire(this),
      trace: (t) => traceRequest(this.name, t),
      log: (level, message) => log()[level](message),
    });
  }

  get id(): string {
    return this.spec.id;
  }

  get name(): string {
    return this.spec.name;
  }

  get status(): ConnectionStatus {
    return this.statusValue;
  }

  get error(): Error | undefined {
    return this.errorValue;
  }

  get server(): ServerSummary | undefined {
    return this.link.summary;
  }

  /** The current project, or `*` for all projects. */
  get project(): string {
    return this.projectValue;
  }

  get allProjects(): boolean {
    return this.projectValue === ALL_PROJECTS;
  }

  /** The project new objects go to and lists come from: the current one, or `default` for "All projects". */
  get defaultProject(): string {
    return this.allProjects ? 'default' : this.project;
  }

  /** The current project as the UI names it: "all projects" for `*`. */
  get projectLabel(): string {
    return this.allProjects ? 'all projects' : this.project;
  }

  /** `LXD 5.0.2` / `Incus 6.0.4`, once known. */
  get serverLabel(): string {
    return this.link.summary ? serverLabel(this.link.summary) : '';
  }

  /** The client in the current project (the server's default one for "All projects"). */
  api(project?: string): Client {
    const client = this.link.client;
    if (!client) {
      throw new Error(`Not connected to ${this.name}`);
    }
    const p = project ?? (this.allProjects ? undefined : this.projectValue);
    return client.withProject(p);
  }

  hasExtension(name: string): boolean {
    return this.link.summary?.extensions.has(name) ?? false;
  }

  setProject(project: string): void {
    if (project === this.projectValue) {
      return;
    }
    this.projectValue = project;
    this.saveProject(project);
    this.changed.fire(this);
  }

  /**
   * Connects (or reconnects): reads the server's identity, then follows its events. A call while a
   * connect is under way joins it.
   */
  connect(): Promise<void> {
    return this.link.connect();
  }

  private setStatus(status: ConnectionStatus, error?: Error): void {
    const changed = status !== this.statusValue || error?.message !== this.errorValue?.message;
    this.statusValue = status;
    this.errorValue = status === 'connected' ? undefined : error;
    if (changed) {
      this.changed.fire(this);
    }
  }

  dispose(): void {
    this.link.dispose();
    this.changed.dispose();
    this.events.dispose();
    this.reconnected.dispose();
  }
}
