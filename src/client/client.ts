import type { Server } from '../generated';
import { ApiContext } from './api/base';
import { CertificatesApi } from './api/certificates';
import { ClusterApi } from './api/cluster';
import { ConsoleApi } from './api/console';
import { EventsApi } from './api/events';
import { ExecApi } from './api/exec';
import { FilesApi } from './api/files';
import { ImagesApi } from './api/images';
import { InstancesApi } from './api/instances';
import { NetworksApi } from './api/networks';
import { OperationsApi } from './api/operations';
import { ProfilesApi } from './api/profiles';
import { ProjectsApi } from './api/projects';
import { ServerApi, ServerKind, serverKind } from './api/server';
import { SftpApi } from './api/sftp';
import { StorageApi } from './api/storage';
import { WarningsApi } from './api/warnings';
import { HttpsTransport, HttpsTransportOptions } from './https';
import { CallOptions, Requester, RequesterOptions } from './request';
import { detectSockets } from './sockets';
import { Transport } from './transport';
import { TransportError } from './errors';
import { UnixTransport } from './unix';

export interface ClientOptions extends RequesterOptions {
  /** Project used when a call names none (the server's `default` otherwise). */
  project?: string;
}

/**
 * A typed client for one LXD or Incus server, over its unix socket or HTTPS. Endpoint groups hang
 * off it (`client.instances.list()`, `client.images.delete(fp).wait()`); every call takes an
 * options object with `project`, `signal` and `timeoutMs`.
 */
export class Client implements ApiContext {
  readonly requester: Requester;
  readonly defaultProject?: string;

  readonly server: ServerApi;
  readonly instances: InstancesApi;
  readonly exec: ExecApi;
  readonly console: ConsoleApi;
  readonly files: FilesApi;
  readonly sftp: SftpApi;
  readonly images: ImagesApi;
  readonly networks: NetworksApi;
  readonly storage: StorageApi;
  readonly profiles: ProfilesApi;
  readonly projects: ProjectsApi;
  readonly operations: OperationsApi;
  readonly events: EventsApi;
  readonly certificates: CertificatesApi;
  readonly warnings: WarningsApi;
  readonly cluster: ClusterApi;

  private cachedServer?: Promise<Server>;

  constructor(
    readonly transport: Transport,
    private readonly options: ClientOptions = {},
    requester?: Requester,
  ) {
    this.requester = requester ?? new Requester(transport, options);
    this.defaultProject = options.project;
    this.server = new ServerApi(this);
    this.instances = new InstancesApi(this);
    this.exec = new ExecApi(this);
    this.console = new ConsoleApi(this);
    this.files = new FilesApi(this);
    this.sftp = new SftpApi(this);
    this.images = new ImagesApi(this);
    this.networks = new NetworksApi(this);
    this.storage = new StorageApi(this);
    this.profiles = new ProfilesApi(this);
    this.projects = new ProjectsApi(this);
    this.operations = new OperationsApi(this);
    this.events = new EventsApi(this);
    this.certificates = new CertificatesApi(this);
    this.warnings = new WarningsApi(this);
    this.cluster = new ClusterApi(this);
  }

  /** A client on a local unix socket; without a path, the first usable LXD or Incus socket found. */
  static unix(socketPath?: string, options?: ClientOptions): Client {
    const socket = socketPath ?? detectSockets()[0]?.path;
    if (!socket) {
      throw new TransportError({
        code: 'ENOENT',
        address: 'unix socket',
        message: 'No LXD or Incus socket found (looked at LXD_SOCKET, LXD_DIR, INCUS_SOCKET, the snap, the LXD package and Incus paths).',
      });
    }
    return new Client(new UnixTransport(socket), options);
  }

  /** A client for a remote server over HTTPS with a client certificate and a pinned server certificate. */
  static https(transport: HttpsTransportOptions, options?: ClientOptions): Client {
    return new Client(new HttpsTransport(transport), options);
  }

  /** A client for the same server and transport in another default project. */
  withProject(project: string | undefined): Client {
    const c = new Client(this.transport, { ...this.options, project }, this.requester);
    c.cachedServer = this.cachedServer;
    return c;
  }

  /**
   * The server's identity and extensions, fetched once and cached (`refresh` fetches anew, e.g. after
   * trusting the client, when `environment` becomes visible).
   */
  serverInfo(opts?: CallOptions & { refresh?: boolean }): Promise<Server> {
    if (!this.cachedServer || opts?.refresh) {
      const p = this.server.get(opts);
      this.cachedServer = p;
      p.catch(() => {
        if (this.cachedServer === p) {
          this.cachedServer = undefined;
        }
      });
    }
    return this.cachedServer;
  }

  async kind(opts?: CallOptions): Promise<ServerKind> {
    return serverKind(await this.serverInfo(opts));
  }

  /** Whether the server has an API extension. Gate features on names, never on counts. */
  async hasExtension(name: string, opts?: CallOptions): Promise<boolean> {
    return ((await this.serverInfo(opts)).api_extensions ?? []).includes(name);
  }

  /** Closes pooled connections. Open websockets (terminals, events) are closed by their owners. */
  close(): Promise<void> {
    return this.transport.close();
  }
}
