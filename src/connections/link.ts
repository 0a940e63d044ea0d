import { AnyEvent, Client, EventSubscription, HttpsTransport, NotTrustedError, RequestTrace, ServerKind, serverKind } from '../client';
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

export interface ServerSummary {
  kind: ServerKind;
  version: string;
  clustered: boolean;
  /** Members of the cluster (1 when standalone). */
  members: number;
  extensions: Set<string>;
}

/** What a link reports to the connection that owns it. */
export interface LinkListener {
  /** Every state change, with the error behind `error` and `disconnected`. */
  status(status: ConnectionStatus, error?: Error): void;
  /** A lifecycle or operation event of the server. */
  event(e: AnyEvent): void;
  /** The events stream came back after a loss (after `status('connected')`). */
  reconnected(): void;
  trace(t: RequestTrace): void;
  log(level: 'info' | 'warn', message: string): void;
}

/**
 * The wire side of a connection, free of VS Code: it builds the client, reads the server's
 * identity and follows its events. One connect runs at a time: a second `connect()` while one is
 * under way (Retry pressed twice while the daemon is down) joins it instead of building a second
 * client and a second events stream. `dispose()` during a connect drops whatever that connect
 * still builds.
 */
export class ServerLink {
  private clientValue?: Client;
  private subscription?: EventSubscription;
  private summaryValue?: ServerSummary;
  private connecting?: Promise<void>;
  /** Bumped by every connect and by dispose: a connect that sees another value was overtaken. */
  private generation = 0;

  constructor(
    readonly spec: ConnectionSpec,
    private readonly listener: LinkListener,
  ) {}

  get client(): Client | undefined {
    return this.clientValue;
  }

  get summary(): ServerSummary | undefined {
    return this.summaryValue;
  }

  /** Connects (or reconnects); joins a connect already under way. Never rejects: failures become `status('error')`. */
  connect(): Promise<void> {
    this.connecting ??= this.run().finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  dispose(): void {
    this.generation++;
    this.drop();
  }

  private async run(): Promise<void> {
    const generation = ++this.generation;
    const current = (): boolean => generation === this.generation;
    this.drop();
    this.listener.status('connecting');
    try {
      const client = await this.spec.createClient((t) => this.listener.trace(t));
      if (!current()) {
        void client.close().catch(() => undefined);
        return;
      }
      this.clientValue = client;
      const info = await client.serverInfo({ timeoutMs: 10_000 });
      if (info.auth === 'untrusted') {
        throw notTrusted(this.spec, client, serverKind(info));
      }
      const extensions = new Set(info.api_extensions ?? []);
      const clustered = !!info.environment?.server_clustered;
      const members = clustered ? (await client.cluster.members({ timeoutMs: 10_000 }).catch(() => [])).length : 1;
      if (!current()) {
        return;
      }
      this.summaryValue = { kind: serverKind(info), version: info.environment?.server_version ?? '', clustered, members, extensions };
      this.follow(client, extensions);
      this.listener.status('connected');
      this.listener.log('info', `Connected to ${this.spec.name} (${this.spec.address}): ${serverLabel(this.summaryValue)}`);
    } catch (e) {
      if (current()) {
        this.listener.status('error', e as Error);
        this.listener.log('warn', `Cannot connect to ${this.spec.name} (${this.spec.address}): ${(e as Error).message}`);
      }
    }
  }

  private follow(client: Client, extensions: Set<string>): void {
    let lostOnce = false;
    this.subscription = client.events.subscribe({
      types: ['lifecycle', 'operation'],
      // Without `all-projects` on events, a project switch would need a new stream.
      allProjects: extensions.has('event_project') || extensions.has('instance_all_projects'),
      onEvent: (e) => this.listener.event(e),
      onStatus: (status, error) => {
        if (status === 'disconnected') {
          lostOnce = true;
          this.listener.status('disconnected', error);
        } else if (status === 'connected' && lostOnce) {
          lostOnce = false;
          client.serverInfo({ refresh: true }).catch(() => undefined);
          this.listener.status('connected');
          this.listener.log('info', `Reconnected to ${this.spec.name}`);
          this.listener.reconnected();
        }
      },
    });
  }

  private drop(): void {
    this.subscription?.close();
    this.subscription = undefined;
    void this.clientValue?.close().catch(() => undefined);
    this.clientValue = undefined;
  }
}

/** `LXD 5.0.2` / `Incus 6.0.4`. */
export function serverLabel(summary: ServerSummary): string {
  return `${productName(summary.kind)} ${summary.version}`;
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
