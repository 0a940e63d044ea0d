import { STATUS_CODES } from 'node:http';
import { ApiError, HttpError, LxdError, RequestContext, SerializationError } from './errors';
import { nameFromUrl } from './url';

/** The JSON envelope every LXD and Incus reply is wrapped in. */
export interface Envelope<T = unknown> {
  type: 'sync' | 'async' | 'error';
  status?: string;
  status_code?: number;
  /** `/1.0/operations/<uuid>` on async replies. */
  operation?: string;
  error_code?: number;
  error?: string;
  metadata: T;
}

export interface SyncReply<T> {
  type: 'sync';
  metadata: T;
  status: number;
  etag?: string;
  location?: string;
}

export interface AsyncReply<T> {
  type: 'async';
  /** The operation's id (the last segment of its URL). */
  operationId: string;
  metadata: T;
  status: number;
}

export type Reply<T> = SyncReply<T> | AsyncReply<T>;

const SNIPPET = 200;

/**
 * Turns a status, headers and body into a reply or a typed error. LXD's `type` decides, not the HTTP
 * status alone: `POST /1.0/certificates` answers 201 with a sync body, every async call 202, and many
 * user errors come as 500 with an error envelope.
 */
export function parseReply<T>(
  status: number,
  headers: Record<string, string | string[] | undefined>,
  body: string,
  context: RequestContext,
): Reply<T> {
  const envelope = parseEnvelope(status, body, context);
  if (envelope.type === 'error') {
    throw errorFromEnvelope(envelope, status, context);
  }
  if (status >= 400) {
    // A non-error envelope with an error status: never seen from LXD, but do not pretend it succeeded.
    throw new HttpError(status, envelope.error ?? '', context);
  }
  if (envelope.type === 'async') {
    const opUrl = envelope.operation || headerValue(headers, 'location') || '';
    return { type: 'async', operationId: operationIdFromUrl(opUrl), metadata: envelope.metadata as T, status };
  }
  return {
    type: 'sync',
    metadata: envelope.metadata as T,
    status,
    etag: headerValue(headers, 'etag'),
    location: headerValue(headers, 'location'),
  };
}

export function parseEnvelope(status: number, body: string, context: RequestContext): Envelope {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (e) {
    if (status >= 400) {
      // Something other than LXD answered (a proxy, a web server): report the HTTP failure itself.
      throw notLxd(status, body, context);
    }
    throw new SerializationError(`invalid JSON (${(e as Error).message})`, body.slice(0, SNIPPET), context, e);
  }
  if (!isEnvelope(parsed)) {
    if (status >= 400) {
      throw notLxd(status, body, context);
    }
    throw new SerializationError('the JSON is not an LXD response envelope', body.slice(0, SNIPPET), context);
  }
  return parsed;
}

function notLxd(status: number, body: string, context: RequestContext): HttpError {
  return new HttpError(status, body.trim().slice(0, SNIPPET), context);
}

/** The ApiError an error envelope stands for: LXD's `error_code`, or the HTTP status without one. */
function errorFromEnvelope(envelope: Envelope, status: number, context: RequestContext): ApiError {
  return new ApiError({ status: envelope.error_code || status, lxdMessage: envelope.error ?? '', context });
}

function isEnvelope(v: unknown): v is Envelope {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    return false;
  }
  const type = (v as { type?: unknown }).type;
  return type === 'sync' || type === 'async' || type === 'error';
}

/**
 * The error of a reply whose body was not parsed as a reply: downloads and refused websocket upgrades
 * answer errors with the usual envelope; HEAD answers carry none.
 */
export function errorFromBody(status: number, text: string, context: RequestContext): LxdError {
  if (context.method === 'HEAD' && text === '') {
    // HEAD replies carry no body, so no envelope: the status is all LXD can say.
    return new ApiError({ status, lxdMessage: STATUS_CODES[status] ?? `HTTP ${status}`, context });
  }
  try {
    const env = parseEnvelope(status, text, context);
    if (env.type === 'error') {
      return errorFromEnvelope(env, status, context);
    }
  } catch (e) {
    if (e instanceof LxdError) {
      return e;
    }
  }
  return new HttpError(status, text.slice(0, SNIPPET), context);
}

/** `/1.0/operations/0d88…` → `0d88…`. */
export const operationIdFromUrl = nameFromUrl;

export function headerValue(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const v = headers[name] ?? headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}
