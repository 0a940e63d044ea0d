import type WebSocket from 'ws';
import type { Operation, Project, Server } from '../../generated';
import { Reply } from '../envelope';
import { OperationHandle, OperationPromise, completedOperation, operationPromise } from '../operation';
import { CallOptions, RequestOptions, Requester } from '../request';
import { Query, path } from '../url';
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

export abstract class ApiGroup {
  constructor(protected readonly ctx: ApiContext) {}

  protected project(opts?: ProjectOptions): string | undefined {
    return opts?.project ?? this.ctx.defaultProject;
  }

  /** Query for list calls: `all-projects` and `project` are mutually exclusive for LXD. */
  protected listQuery(opts: ListOptions | undefined, extra: Query = {}): Query {
    return {
      ...extra,
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
    fetch: (query: Query) => Promise<T[]>,
  ): Promise<T[]> {
    if (!opts?.allProjects || (await this.ctx.hasExtension(gate.extension, callOpts(opts)))) {
      return fetch(this.listQuery(opts));
    }
    const projects = await this.fetchList<Project>({ path: '/1.0/projects', query: { recursion: 1 }, ...callOpts(opts) });
    const owners = projects.filter((p) => p.name === 'default' || !gate.feature || p.config?.[gate.feature] === 'true');
    const lists = await Promise.all(
      owners.map(async (p) => (await fetch(this.listQuery({ ...opts, allProjects: false, project: p.name }))).map((item) => ({ project: p.name, ...item }))),
    );
    return lists.flat();
  }

  protected async sync<T>(o: RequestOptions): Promise<T> {
    const r = await this.ctx.requester.request<T>(o);
    return r.metadata;
  }

  protected async tagged<T>(o: RequestOptions): Promise<Tagged<T>> {
    const r = await this.ctx.requester.request<T>(o);
    return { value: r.metadata, etag: r.type === 'sync' ? r.etag : undefined };
  }

  /** LXD sends Go nil slices as `null`. */
  protected async fetchList<T>(o: RequestOptions): Promise<T[]> {
    return (await this.sync<T[] | null>(o)) ?? [];
  }

  /** A call answered with an operation (or, on some servers, synchronously). */
  protected operation(o: RequestOptions): OperationPromise {
    return operationPromise(this.ctx.requester.request<Operation>(o).then((r) => this.toHandle(r, o.query?.project as string | undefined)));
  }

  /** Opens one of a websocket operation's sockets, by its name in the operation's `fds` ("0", "control"…). */
  protected operationSocket(op: OperationHandle, fd: string): Promise<WebSocket> {
    const fds = (op.initial.metadata as { fds?: Record<string, string> } | null)?.fds ?? {};
    return this.ctx.requester.transport.websocket(path`/1.0/operations/${op.id}/websocket` + `?secret=${encodeURIComponent(fds[fd])}`);
  }

  /** A change some servers apply synchronously and others through an operation: waits either way. */
  protected async apply(o: RequestOptions): Promise<void> {
    // A synchronous reply becomes a completed operation, whose wait returns at once.
    await this.operation(o).wait({ signal: o.signal });
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
