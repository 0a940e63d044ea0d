import type WebSocket from 'ws';
import type { Operation, Server } from '../../generated';
import { CallInit, CallResponse, EndpointKey, Level, RawKey, callEndpoint, route } from '../endpoint';
import { Reply } from '../envelope';
import { OperationHandle, OperationPromise, completedOperation, operationPromise } from '../operation';
import { CallOptions, Requester } from '../request';
import { TransportResponse } from '../transport';
import { withQuery } from '../url';
import type { ServerKind } from './server';

/** Every call that touches project-scoped objects accepts a project (default: the client's). */
export interface ProjectOptions extends CallOptions {
  project?: string;
}

/** List calls: one project, or every project where LXD has `all-projects`. */
export interface ListOptions extends ProjectOptions {
  /** List across all projects (objects then carry their `project`). Ignores `project`. */
  allProjects?: boolean;
  /** LXD's filter expression (extension `api_filtering`), e.g. `status eq Running`. Values are regexes. */
  filter?: string;
}

/** Calls that change an object accept the ETag read with it, sent as `If-Match`. */
export interface WriteOptions extends ProjectOptions {
  etag?: string;
}

/** An object with the ETag it was read with. */
export interface Tagged<T> {
  value: T;
  etag?: string;
}

/** What the endpoint groups share: the requester, the default project and the server's identity. */
export interface ApiContext {
  readonly requester: Requester;
  readonly defaultProject?: string;
  serverInfo(opts?: CallOptions): Promise<Server>;
  /** Whether the server lists an API extension (from the same cached server info). */
  hasExtension(name: string, opts?: CallOptions): Promise<boolean>;
  kind(opts?: CallOptions): Promise<ServerKind>;
}

/** The query of a list call, as `listQuery` builds it. */
export interface ListQuery {
  project?: string;
  'all-projects'?: boolean;
  filter?: string;
}

/**
 * An endpoint group: its friendly methods name an endpoint of the generated table and what goes with
 * it (`this.sync('GET /1.0/instances/{name}', { path: { name }, query })`), and the table types the
 * rest (see `../endpoint.ts`). The helpers differ in what they make of the reply.
 */
export abstract class ApiGroup {
  constructor(protected readonly ctx: ApiContext) {}

  protected project(opts?: ProjectOptions): string | undefined {
    return opts?.project ?? this.ctx.defaultProject;
  }

  /** Query for list calls: `all-projects` and `project` are mutually exclusive for LXD. */
  protected listQuery(opts: ListOptions | undefined): ListQuery {
    return {
      project: opts?.allProjects ? undefined : this.project(opts),
      'all-projects': opts?.allProjects ? true : undefined,
      filter: opts?.filter,
    };
  }

  /**
   * A list call that honours `allProjects` on every server. A server without the endpoint's
   * `*_all_projects` extension ignores `all-projects` and silently answers for the default project
   * alone (LXD 5.0 for images, networks and operations), so the client then asks each project that
   * holds its own objects of this kind (`feature`, e.g. `features.images`: the others share the
   * default project's) and tags every object with its project.
   */
  protected async listAll<T extends object>(
    opts: ListOptions | undefined,
    gate: { extension: string; feature?: string },
    fetch: (query: ListQuery) => Promise<T[]>,
  ): Promise<T[]> {
    if (!opts?.allProjects || (await this.ctx.hasExtension(gate.extension, callOpts(opts)))) {
      return fetch(this.listQuery(opts));
    }
    const projects = await this.fetchList('GET /1.0/projects', { recursion: 1, ...callOpts(opts) });
    const owners = projects.filter((p) => p.name === 'default' || !gate.feature || p.config?.[gate.feature] === 'true');
    const lists = await Promise.all(
      owners.map(async (p) =>
        (await fetch(this.listQuery({ ...opts, allProjects: false, project: p.name }))).map((item) => ({ project: p.name, ...item })),
      ),
    );
    return lists.flat();
  }

  /** The typed core: one call of an endpoint of the table, its reply parsed. */
  protected call<K extends EndpointKey, R extends Level<K> = 0>(key: K, init: CallInit<K, R>): Promise<Reply<CallResponse<K, R>>> {
    return callEndpoint(this.ctx.requester, key, init);
  }

  /** The reply's metadata. */
  protected async sync<K extends EndpointKey, R extends Level<K> = 0>(key: K, init: CallInit<K, R>): Promise<CallResponse<K, R>> {
    return (await this.call(key, init)).metadata;
  }

  /** The reply's metadata and the ETag it came with. */
  protected async tagged<K extends EndpointKey, R extends Level<K> = 0>(key: K, init: CallInit<K, R>): Promise<Tagged<CallResponse<K, R>>> {
    const r = await this.call(key, init);
    return { value: r.metadata, etag: r.type === 'sync' ? r.etag : undefined };
  }

  /** A list, empty where LXD sends a Go nil slice as `null` (the specs do not say it may). */
  protected async fetchList<K extends EndpointKey, R extends Level<K> = 0>(
    key: K,
    init: CallInit<K, R>,
  ): Promise<NonNullable<CallResponse<K, R>>> {
    return ((await this.sync(key, init)) ?? []) as NonNullable<CallResponse<K, R>>;
  }

  /** A call answered with an operation (or, on some servers, synchronously). */
  protected operation<K extends EndpointKey>(key: K, init: CallInit<K>): OperationPromise {
    const project = (init.query as { project?: string } | undefined)?.project;
    return operationPromise(this.ctx.requester.request<Operation>(route(key, init)).then((r) => this.toHandle(r, project)));
  }

  /** A change some servers apply synchronously and others through an operation: waits either way. */
  protected async apply<K extends EndpointKey>(key: K, init: CallInit<K>): Promise<void> {
    // A synchronous reply becomes a completed operation, whose wait returns at once.
    await this.operation(key, init).wait({ signal: init.signal });
  }

  /** A reply that is the bytes themselves (a file, a log), as a stream; LXD's error when it failed. */
  protected stream<K extends RawKey>(key: K, init: CallInit<K>): Promise<TransportResponse> {
    return this.ctx.requester.requestStream(route(key, init));
  }

  /** The path and query of a websocket or upgrade endpoint. */
  protected switchPath<K extends EndpointKey>(key: K, init: CallInit<K>): string {
    const { path, query } = route(key, init);
    return withQuery(path, query);
  }

  /**
   * Opens one of a websocket operation's sockets, by its name in the operation's `fds` ("0", "control"…).
   * `receiveOnly` for a socket the client never writes to (see WebSocketOptions).
   */
  protected operationSocket(op: OperationHandle, fd: string, receiveOnly = false): Promise<WebSocket> {
    const fds = (op.initial.metadata as { fds?: Record<string, string> } | null)?.fds ?? {};
    return this.ctx.requester.transport.websocket(
      this.switchPath('GET /1.0/operations/{id}/websocket', { path: { id: op.id }, query: { secret: fds[fd] } }),
      { use: fd === 'control' ? 'control' : 'data', receiveOnly },
    );
  }

  protected toHandle(r: Reply<Operation>, project?: string): OperationHandle {
    return r.type === 'async'
      ? new OperationHandle(this.ctx.requester, r.operationId, r.metadata, project)
      : completedOperation(this.ctx.requester, r.metadata);
  }
}

/** Keeps only the per-call options of an options object (`project` and the like go in the query). */
export function callOpts(opts?: CallOptions): CallOptions {
  return { signal: opts?.signal, timeoutMs: opts?.timeoutMs };
}
