/**
 * Typed errors. Every failure the client reports is one of these, so callers branch on the class (or
 * `kind`) and show `message` to a user as it is: each message names what was asked and what went wrong
 * in LXD's own words where LXD gave any.
 */

export type LxdErrorKind = 'http' | 'api' | 'transport' | 'serialization' | 'too-large' | 'timeout' | 'cancelled';

/** What the client was doing when the error happened; it appears in messages and logs. */
export interface RequestContext {
  method: string;
  /** Path with query, never containing a websocket secret. */
  path: string;
  /** `unix:/var/lib/lxd/unix.socket` or `https://127.0.0.1:8443`. */
  address?: string;
}

export abstract class LxdError extends Error {
  abstract readonly kind: LxdErrorKind;
  readonly context?: RequestContext;

  constructor(message: string, context?: RequestContext, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.context = context;
  }
}

/**
 * LXD answered with its error envelope (`type: "error"`), or an operation ended in failure.
 * `status` is LXD's `error_code` (an HTTP status); `lxdMessage` is LXD's own text.
 */
export class ApiError extends LxdError {
  readonly kind = 'api' as const;
  readonly status: number;
  readonly lxdMessage: string;
  /** Set when the error is the result of a failed background operation. */
  readonly operationId?: string;

  constructor(init: { status: number; lxdMessage: string; context?: RequestContext; operationId?: string }) {
    super(init.lxdMessage || `LXD answered with status ${init.status}`, init.context);
    this.status = init.status;
    this.lxdMessage = init.lxdMessage;
    this.operationId = init.operationId;
  }

  get isNotFound(): boolean {
    return this.status === 404;
  }

  /** The `If-Match` ETag no longer matches: someone changed the object meanwhile. */
  get isConflict(): boolean {
    return this.status === 412;
  }
}

/**
 * The server does not trust this client's certificate: HTTPS answered 403 and `GET /1.0` says
 * `auth: untrusted`, or the server refused a trust token or password. `message` tells the user what
 * to do; `lxdMessage` keeps the server's words ("not authorized").
 */
export class NotTrustedError extends ApiError {
  /** SHA-256 of the client certificate the server refused. */
  readonly clientFingerprint: string;

  constructor(init: { message: string; lxdMessage: string; clientFingerprint: string; context?: RequestContext }) {
    super({ status: 403, lxdMessage: init.lxdMessage, context: init.context });
    this.message = init.message;
    this.clientFingerprint = init.clientFingerprint;
  }
}

/** An HTTP failure without LXD's envelope (a proxy, a wrong URL, a server that is not LXD). */
export class HttpError extends LxdError {
  readonly kind = 'http' as const;
  readonly status: number;

  constructor(status: number, detail: string, context?: RequestContext) {
    super(`HTTP ${status}${detail ? `: ${detail}` : ''}${describeContext(context)}`, context);
    this.status = status;
  }
}

/**
 * The connection failed: the socket is missing or not accessible, nobody listens, the daemon went away
 * mid-request, or TLS refused the server. `code` is the underlying code (`ENOENT`, `EACCES`,
 * `ECONNREFUSED`, `ECONNRESET`, `CERT_PIN_MISMATCH`, ...).
 */
export class TransportError extends LxdError {
  readonly kind = 'transport' as const;
  readonly code: string;
  readonly address: string;

  constructor(init: { message: string; code: string; address: string; context?: RequestContext; cause?: unknown }) {
    super(init.message, init.context, { cause: init.cause });
    this.code = init.code;
    this.address = init.address;
  }
}

/** LXD sent something that is not the JSON the client expected. */
export class SerializationError extends LxdError {
  readonly kind = 'serialization' as const;
  /** The first characters of what arrived, for the log. */
  readonly snippet: string;

  constructor(detail: string, snippet: string, context?: RequestContext, cause?: unknown) {
    super(`Unreadable reply from LXD${describeContext(context)}: ${detail}`, context, { cause });
    this.snippet = snippet;
  }
}

export class TimeoutError extends LxdError {
  readonly kind = 'timeout' as const;
  readonly timeoutMs: number;

  constructor(what: string, timeoutMs: number, context?: RequestContext) {
    super(`${what} did not finish within ${formatDuration(timeoutMs)}`, context);
    this.timeoutMs = timeoutMs;
  }
}

/** A reply's body is larger than the client reads for that use (`limit` bytes); what arrived was dropped. */
export class TooLargeError extends LxdError {
  readonly kind = 'too-large' as const;
  readonly limit: number;

  constructor(what: string, limit: number, context?: RequestContext) {
    super(`${what} is larger than ${formatBytesLimit(limit)}${describeContext(context)}`, context);
    this.limit = limit;
  }
}

/** The caller cancelled (an AbortSignal fired) or LXD reports the operation as cancelled. */
export class CancelledError extends LxdError {
  readonly kind = 'cancelled' as const;

  constructor(what = 'The request', context?: RequestContext) {
    super(`${what} was cancelled`, context);
  }
}

export function isLxdError(e: unknown): e is LxdError {
  return e instanceof LxdError;
}

function describeContext(context?: RequestContext): string {
  return context ? ` (${context.method} ${context.path})` : '';
}

function formatDuration(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

function formatBytesLimit(bytes: number): string {
  if (bytes % (1024 * 1024) === 0) {
    return `${bytes / (1024 * 1024)} MiB`;
  }
  return bytes % 1024 === 0 ? `${bytes / 1024} KiB` : `${bytes} bytes`;
}
