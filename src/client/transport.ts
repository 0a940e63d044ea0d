import type { Duplex, Readable } from 'node:stream';
import { Agent, request } from './undici';
import type WebSocket from 'ws';
import { RequestContext, TransportError } from './errors';
import { redactPath } from './url';
import type { WebSocketOptions } from './websocket';

export interface TransportRequest {
  method: string;
  /** Path and query, e.g. `/1.0/instances?recursion=1`. */
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer | Uint8Array | Readable;
  signal?: AbortSignal;
}

export interface TransportResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The body as a stream; read it whole with `text()` / `arrayBuffer()` or pipe it. */
  body: Readable & {
    text(): Promise<string>;
    arrayBuffer(): Promise<ArrayBuffer>;
    dump(opts?: { limit?: number }): Promise<void>;
  };
}

/**
 * How bytes reach a daemon: the local unix socket, or HTTPS with a client certificate and a pinned
 * server certificate. Both speak the same REST API and the same websockets.
 */
export interface Transport {
  readonly kind: 'unix' | 'https';
  /** `unix:/var/lib/lxd/unix.socket` or `https://127.0.0.1:8443`: what to show a user. */
  readonly address: string;
  request(req: TransportRequest): Promise<TransportResponse>;
  /**
   * Opens a websocket on `path` (with query). Resolves once the upgrade succeeded; fails with a
   * TimeoutError when that takes longer than `timeoutMs` (HANDSHAKE_TIMEOUT_MS by default). A
   * message larger than its `use` allows (WS_MAX_PAYLOAD) closes it with a TooLargeError.
   */
  websocket(path: string, opts?: WebSocketOptions): Promise<WebSocket>;
  /**
   * Sends `GET path` (with query) with `Upgrade: protocol` on a connection of its own and resolves
   * with the raw socket after `101 Switching Protocols`, paused (attach listeners, then `resume()`).
   * Any other answer, or a connection that closes first, rejects with a typed error; no 101 within
   * `timeoutMs` (HANDSHAKE_TIMEOUT_MS by default) with a TimeoutError.
   */
  upgrade(path: string, protocol: string, opts?: { signal?: AbortSignal; timeoutMs?: number }): Promise<Duplex>;
  close(): Promise<void>;
}

/** Error codes after which a GET may be retried: the daemon was momentarily unreachable. */
const TRANSIENT_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ENOENT',
  'EPIPE',
  'ETIMEDOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
]);

export function isTransient(e: unknown): boolean {
  return e instanceof TransportError && TRANSIENT_CODES.has(e.code);
}

/**
 * Maps a low-level socket/TLS error to a TransportError whose message tells the user what to do.
 * `hint` adds the transport-specific advice (e.g. the socket's group).
 */
export function transportError(
  err: unknown,
  address: string,
  context?: RequestContext,
  hint?: (code: string) => string | undefined,
): TransportError {
  if (err instanceof TransportError) {
    return err;
  }
  const code = errorCode(err);
  const extra = hint?.(code);
  const message = `${describeCode(code, address, err)}${extra ? ` ${extra}` : ''}`;
  return new TransportError({ message, code, address, context, cause: err });
}

function errorCode(err: unknown): string {
  const e = err as { code?: unknown; cause?: { code?: unknown } };
  if (typeof e?.code === 'string') {
    return e.code;
  }
  if (typeof e?.cause?.code === 'string') {
    return e.cause.code;
  }
  return 'UNKNOWN';
}

function describeCode(code: string, address: string, err: unknown): string {
  switch (code) {
    case 'ENOENT':
      return `Cannot connect to ${address}: the socket does not exist. Is the daemon running?`;
    case 'EACCES':
    case 'EPERM':
      return `Cannot connect to ${address}: permission denied.`;
    case 'ECONNREFUSED':
      return `Cannot connect to ${address}: nothing is listening there. Is the daemon running?`;
    case 'ECONNRESET':
    case 'EPIPE':
    case 'UND_ERR_SOCKET':
    case 'UND_ERR_CLOSED':
      return `The connection to ${address} closed during the request. Did the daemon stop?`;
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return `Connecting to ${address} timed out.`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `Cannot resolve the host of ${address}.`;
    default:
      return `Cannot talk to ${address}: ${(err as Error)?.message ?? String(err)}`;
  }
}

/** Sends one request through an undici agent, mapping connection failures to TransportErrors. */
export async function agentRequest(
  agent: Agent,
  origin: string,
  address: string,
  req: TransportRequest,
  hint?: (code: string) => string | undefined,
): Promise<TransportResponse> {
  try {
    const res = await request(agent, {
      origin,
      path: req.path,
      method: req.method as 'GET',
      headers: req.headers,
      body: req.body,
      signal: req.signal,
    });
    return { status: res.statusCode, headers: res.headers, body: res.body };
  } catch (e) {
    if (isAbort(e)) {
      throw e;
    }
    throw transportError(e, address, { method: req.method, path: redactPath(req.path), address }, hint);
  }
}

export function isAbort(e: unknown): boolean {
  const err = e as { name?: string; code?: string };
  return err?.name === 'AbortError' || err?.code === 'UND_ERR_ABORTED' || err?.code === 'ABORT_ERR';
}
