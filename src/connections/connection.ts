import * as vscode from 'vscode';
import { AnyEvent, Client, EventSubscription, HttpsTransport, NotTrustedError, RequestTrace, ServerKind, serverKind } from '../client';
import { log, traceRequest } from '../logger';
import { cliName, productName } from './serverKind';

/** Where a connection was declared: it decides the label and whether the user can remove it. */
export type ConnectionSource = 'local' | 'setting' | 'lxc' | 'incus' | 'added';

/** What it takes to build a client for a connection; HTTPS secrets are resolved when connecting. */
export interface ConnectionSpec {
  /** Stable across sessions: `local:lxd`, `setting:<name>`, `lxc:<remote>`, … */
  id: string;
  name: string;
  source: ConnectionSource;
  /** `unix:/var/lib/lxd/unix.socket` or `https://host:port`, for labels and messages. */
  address: string;
  /** The project to start in when the user never switched. */
  project?: string;
  /** Changes when what the client is built from changes (a re-trusted certificate): the connection is rebuilt. */
  revision?: string;
  /** Creates the client (reads certificate files or secret storage for HTTPS remotes). */
  createClient(onTrace: (t: RequestTrace) => void): Promise<Client>;
}

export type ConnectionStatus = 'connecting' | 'connected' | 'disconnected' | 'error';

/** `*` is "All projects". */
export const ALL_PROJECTS = '*';

export interface ServerSummary {
  kind: ServerKind;
  version: string;
  clustered: boolean;
  /** Members of the cluster (1 when standalone). */
  members: number;
  extensions: Set<string>;
}

/**
 * One server the explorer talks to: its client, the project the user works in, the events stream
 * that keeps the views live, and the connection state the views show.
 */
export class Connection implements vscode.Disposable {
  private client?: Client;
  private subscription?: EventSubscription;
  private statusValue: ConnectionStatus = 'connecting';
  private errorValue?: Error;
  private summary?: ServerSummary;
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
  ) {}

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
    return this.summary;
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
    if (!this.summary) {
      return '';
    }
    return `${productName(this.summary.kind)} ${this.summary.version}`;
  }

  /** The client in the current project (the server's default one for "All projects"). */
  api(project?: string): Client {
    if (!this.client) {
      throw new Error(`Not connected to ${this.name}`);
    }
    const p = project ?? (this.allProjects ? undefined : this.projectValue);
    return this.client.withProject(p);
  }

  hasExtension(name: string): boolean {
    return this.summary?.extensions.has(name) ?? false;
  }

  setProject(project: string): void {
    if (project === this.projectValue) {
      return;
    }
    this.projectValue = project;
    this.saveProject(project);
    this.changed.fire(this);
  }

  /** Connects (or reconnects): reads the server's identity, then follows its events. */
  async connect(): Promise<void> {
    this.disposeClient();
    this.setStatus('connecting');
    try {
      this.client = await this.spec.createClient((t) => traceRequest(this.name, t));
      const info = await this.client.serverInfo({ timeoutMs: 10_000 });
      if (info.auth === 'untrusted') {
        throw notTrusted(this.spec, this.client, serverKind(info));
      }
      const extensions = new Set(info.api_extensions ?? []);
      const clustered = !!info.environment?.server_clustered;
      const members = clustered ? (await this.client.cluster.members({ timeoutMs: 10_000 }).catch(() => [])).length : 1;
      this.summary = {
        kind: serverKind(info),
        version: info.environment?.server_version ?? '',
        clustered,
        members,
        extensions,
      };
      this.follow(this.client, extensions);
      this.setStatus('connected');
      log().info(`Connected to ${this.name} (${this.spec.address}): ${this.serverLabel}`);
    } catch (e) {
      this.setStatus('error', e as Error);
      log().warn(`Cannot connect to ${this.name} (${this.spec.address}): ${(e as Error).message}`);
    }
  }

  private follow(client: Client, extensions: Set<string>): void {
    let lostOnce = false;
    this.subscription = client.events.subscribe({
      types: ['lifecycle', 'operation'],
      // Without `all-projects` on events, a project switch would need a new stream.
      allProjects: extensions.has('event_project') || extensions.has('instance_all_projects'),
      onEvent: (e) => this.events.fire(e),
      onStatus: (status, error) => {
        if (status === 'disconnected') {
          lostOnce = true;
          this.setStatus('disconnected', error);
        } else if (status === 'connected' && lostOnce) {
          lostOnce = false;
          client.serverInfo({ refresh: true }).catch(() => undefined);
          this.setStatus('connected');
          log().info(`Reconnected to ${this.name}`);
          this.reconnected.fire(this);
        }
      },
    });
  }

  private setStatus(status: ConnectionStatus, error?: Error): void {
    const changed = status !== this.statusValue || error?.message !== this.errorValue?.message;
    this.statusValue = status;
    this.errorValue = status === 'connected' ? undefined : error;
    if (changed) {
      this.changed.fire(this);
    }
  }

  private disposeClient(): void {
    this.subscription?.close();
    this.subscription = undefined;
    void this.client?.close().catch(() => undefined);
    this.client = undefined;
  }

  dispose(): void {
    this.disposeClient();
    this.changed.dispose();
    this.events.dispose();
    this.reconnected.dispose();
  }
}

/** Over HTTPS `GET /1.0` answers an untrusted client too; say so at once, not at the first 403. */
function notTrusted(spec: ConnectionSpec, client: Client, kind: ServerKind): NotTrustedError {
  const fp = client.transport instanceof HttpsTransport ? client.transport.clientFingerprint : '';
  const cli = cliName(kind);
  return new NotTrustedError({
    message:
      `${spec.address} does not trust this client${fp ? ` (certificate SHA-256 ${fp.slice(0, 12)}…)` : ''}. ` +
      `On the server, run "${cli} config trust add", then "LXD: Re-trust Remote…" with the token it prints.`,
    lxdMessage: 'not authorized',
    clientFingerprint: fp,
  });
}
