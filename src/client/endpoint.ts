import type { Readable } from 'node:stream';
import type { EndpointKey, Endpoints as Spec, Operation } from '../generated';
import type { Reply } from './envelope';
import type { CallOptions, RequestOptions, Requester } from './request';
import type { Query } from './url';

/**
 * The typed core under the client's friendly methods, in the spirit of openapi-fetch: an endpoint is
 * named by its key in the generated table, `'GET /1.0/instances/{name}'`, and the table gives the
 * path parameters, query, body and reply that go with it, so a path, parameter or body the specs do
 * not have fails to compile:
 *
 *   callEndpoint(requester, 'GET /1.0/instances/{name}', { path: { name }, query: { project }, recursion: 1 })
 *     → Promise<Reply<Instance | InstanceFull>>
 *
 * Only types come from `src/generated/endpoints.ts`; the runtime table stays out of the bundle.
 */

/**
 * What the daemons do and the specs do not say (checked on LXD 5.0.2 and Incus 6.0.4): each entry
 * replaces the named parts of the generated entry. This is the one place the client departs from
 * the specs.
 */
interface Corrections {
  /** `instance-type` narrows the list to containers or VMs (LXD-PROTOCOL §3.2); no spec lists it. */
  'GET /1.0/instances': { query: Spec['GET /1.0/instances']['query'] & { 'instance-type'?: 'container' | 'virtual-machine' } };
  /** Grouped by status (`{"running": [...], "success": [...]}`) at every recursion level, not a flat list (§3.4). */
  'GET /1.0/operations': { response: { 0: ByStatus<string>; 1: ByStatus<Operation> } };
  /**
   * The specs list no `project` here. SFTP needs it to find the instance. Operations are found by
   * their id alone (a certificate restricted to the project reads them without it, on both
   * daemons); the client names the project anyway, as for every call about a project's objects.
   */
  'GET /1.0/operations/{id}': { query: ProjectQuery };
  'DELETE /1.0/operations/{id}': { query: ProjectQuery };
  'GET /1.0/operations/{id}/wait': { query: Spec['GET /1.0/operations/{id}/wait']['query'] & ProjectQuery };
  'GET /1.0/instances/{name}/sftp': { query: ProjectQuery };
}

type ProjectQuery = { project?: string };
/** Go sends an empty list as `null`, and the whole map as `null` when nothing is there. */
type ByStatus<T> = Record<string, T[] | null> | null;

type Entry<K extends EndpointKey> = K extends keyof Corrections ? Omit<Spec[K], keyof Corrections[K]> & Corrections[K] : Spec[K];

/** The generated endpoint table with the corrections above. */
export type Endpoints = { [K in EndpointKey]: Entry<K> };
export type { EndpointKey };

/** The recursion levels endpoint `K` documents (0 for an object, 0 and 1 and maybe 2 for a list). */
export type Level<K extends EndpointKey> = keyof Endpoints[K]['response'] & number;

/** The `metadata` of endpoint `K`'s reply at recursion level `R`. */
export type CallResponse<K extends EndpointKey, R extends Level<K> = 0> = Endpoints[K]['response'][R];

/** The endpoints whose reply is the bytes themselves, not an envelope (files, logs, exports). */
export type RawKey = { [K in EndpointKey]: Endpoints[K]['response'] extends { 0: 'binary' } ? K : never }[EndpointKey];

/** A raw upload: what the spec types as `'binary'`. */
export type RawBody = Buffer | Uint8Array | string | Readable;

type PathInit<K extends EndpointKey> = string extends keyof Endpoints[K]['pathParams']
  ? { path?: undefined }
  : { path: Endpoints[K]['pathParams'] };

type BodyOf<K extends EndpointKey> = Endpoints[K]['body'];
type JsonBody<K extends EndpointKey> = Exclude<BodyOf<K>, 'binary'>;
type BodyInit<K extends EndpointKey> = [BodyOf<K>] extends [never]
  ? { body?: undefined; raw?: undefined }
  : | ('binary' extends BodyOf<K> ? { raw: RawBody; body?: undefined } : never)
    | ([JsonBody<K>] extends [never] ? never : { body: JsonBody<K>; raw?: undefined });

/** Everything one call of endpoint `K` takes: its path parameters, query, recursion level and body. */
export type CallInit<K extends EndpointKey, R extends Level<K> = 0> = CallOptions &
  PathInit<K> &
  BodyInit<K> & {
    query?: Endpoints[K]['query'];
    /** Sent as `?recursion=R`; the reply's type follows it. */
    recursion?: R;
    /** `If-Match`: the ETag the caller last saw. */
    etag?: string;
    /** Header names differ by server (`X-LXD-uid` / `X-Incus-uid`), so they are computed, not typed. */
    headers?: Record<string, string>;
    retry?: boolean;
  };

/** `CallInit` as the code that fills in a request sees it, whatever the endpoint. */
type AnyInit = CallOptions & {
  path?: Record<string, string>;
  query?: Query;
  recursion?: number;
  body?: unknown;
  raw?: RawBody;
  etag?: string;
  headers?: Record<string, string>;
  retry?: boolean;
};

/** The request for one call of endpoint `K`: the method and template from the key, the template filled in. */
export function route<K extends EndpointKey, R extends Level<K>>(key: K, callInit: CallInit<K, R>): RequestOptions {
  const init = callInit as AnyInit;
  const space = key.indexOf(' ');
  const params = init.path ?? {};
  const path = key.slice(space + 1).replace(/\{(\w+)\}/g, (_, name: string) => {
    if (params[name] === undefined) {
      throw new TypeError(`${key}: no value for {${name}}`);
    }
    // Every value is one path segment: a name holding `/` or `?` never reaches another endpoint.
    return encodeURIComponent(params[name]);
  });
  return {
    method: key.slice(0, space) as RequestOptions['method'],
    path,
    query: { ...init.query, recursion: init.recursion },
    body: init.body,
    raw: init.raw,
    headers: init.headers,
    etag: init.etag,
    retry: init.retry,
    signal: init.signal,
    timeoutMs: init.timeoutMs,
  };
}

/** Sends one call of endpoint `K` and parses its reply; the reply's `metadata` has the table's type. */
export function callEndpoint<K extends EndpointKey, R extends Level<K> = 0>(
  requester: Requester,
  key: K,
  init: CallInit<K, R>,
): Promise<Reply<CallResponse<K, R>>> {
  return requester.request<CallResponse<K, R>>(route(key, init));
}
