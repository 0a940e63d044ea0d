import type { Readable } from 'node:stream';
import { JSON_BODY_LIMIT, discard, readText } from './body';
import { Reply, errorFromBody, parseReply } from './envelope';
import { CancelledError, LxdError, RequestContext, TimeoutError } from './errors';
import { DEFAULT_RETRY, RetryPolicy, backoffDelay, sleep } from './retry';
import { Transport, TransportResponse, isTransient, transportError } from './transport';
import { Query, redactPath, withQuery } from './url';

/** Options every call accepts. */
export interface CallOptions {
  /** Abort the call (a VS Code cancellation token maps onto this). */
  signal?: AbortSignal;
  /** Give up after this many milliseconds (default: the client's request timeout). */
  timeoutMs?: number;
}

export interface RequestOptions extends CallOptions {
  method?: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  query?: Query;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as `application/octet-stream` (file and image uploads), unless `headers` name a `content-type`. */
  raw?: Buffer | Uint8Array | string | Readable;
  headers?: Record<string, string>;
  /** `If-Match`: the ETag the caller last saw; LXD answers 412 when the object changed since. */
  etag?: string;
  /** Retry on transient transport errors. Only ever honoured for GET and HEAD. Default true. */
  retry?: boolean;
}

/** One traced request, for the caller's log. Paths never carry secrets. */
export interface RequestTrace {
  method: string;
  path: string;
  status?: number;
  durationMs: number;
  error?: string;
  attempt: number;
}

export interface RequesterOptions {
  /** Default request timeout in milliseconds (30 s). Operation waits and streams set their own. */
  requestTimeoutMs?: number;
  retry?: RetryPolicy;
  onTrace?: (t: RequestTrace) => void;
  userAgent?: string;
}

/**
 * Sends requests over a transport and turns replies into data or typed errors: envelope parsing,
 * timeouts, cancellation, tracing, and retries for idempotent reads.
 */
export class Requester {
  /** The transport, with websocket opens and upgrades traced too (their paths redacted: they carry secrets). */
  readonly transport: Transport;

  constructor(
    transport: Transport,
    private readonly options: RequesterOptions = {},
  ) {
    this.transport = options.onTrace ? tracingSwitches(transport, (t) => this.trace(t)) : transport;
  }

  async request<T>(o: RequestOptions): Promise<Reply<T>> {
    return this.withRetries(o, async (res, context) => {
      const text = await readText(res.body, JSON_BODY_LIMIT, 'The reply', context);
      return parseReply<T>(res.status, res.headers, text, context);
    });
  }

  /** Like `request`, but hands back the body stream of a successful reply (downloads). */
  async requestStream(o: RequestOptions): Promise<TransportResponse> {
    return this.withRetries({ ...o, timeoutMs: o.timeoutMs ?? 0 }, async (res, context) => {
      if (res.status >= 400) {
        throw errorFromBody(res.status, await readText(res.body, JSON_BODY_LIMIT, 'The error reply', context), context);
      }
      return res;
    });
  }

  private async withRetries<R>(o: RequestOptions, handle: (res: TransportResponse, ctx: RequestContext) => Promise<R>): Promise<R> {
    const method = o.method ?? 'GET';
    const fullPath = withQuery(o.path, o.query);
    const context: RequestContext = { method, path: redactPath(fullPath), address: this.transport.address };
    const policy = this.options.retry ?? DEFAULT_RETRY;
    const attempts = (method === 'GET' || method === 'HEAD') && o.retry !== false ? policy.attempts : 1;
    const headers: Record<string, string> = { ...o.headers };
    let body: string | Buffer | Uint8Array | Readable | undefined;
    if (o.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(o.body);
    } else if (o.raw !== undefined) {
      // Never a urlencoded form: LXD's file handler would parse the body as a form and write nothing.
      // A caller may name another type (a multipart image upload); anything else is octet-stream.
      headers['content-type'] ??= 'application/octet-stream';
      body = o.raw;
    }
    if (o.etag) {
      headers['if-match'] = o.etag;
    }
    if (this.options.userAgent) {
      headers['user-agent'] = this.options.userAgent;
    }
    const limit = o.timeoutMs ?? this.options.requestTimeoutMs ?? 30_000;
    for (let attempt = 0; ; attempt++) {
      const started = Date.now();
      const { signal, dispose, timedOut } = deadline(o.signal, limit);
      let status: number | undefined;
      let res: TransportResponse | undefined;
      try {
        res = await this.transport.request({ method, path: fullPath, headers, body, signal });
        status = res.status;
        const out = await handle(res, context);
        this.trace({ method, path: context.path, status, durationMs: Date.now() - started, attempt });
        return out;
      } catch (e) {
        // A body left half read (an error, a cap, an abort) would hold its socket: let it go.
        if (res && !res.body.destroyed) {
          discard(res.body);
        }
        const err = o.signal?.aborted
          ? new CancelledError(`${method} ${context.path}`, context)
          : timedOut()
            ? new TimeoutError(`${method} ${context.path}`, limit, context)
            : isSocketFailure(e)
              ? // The connection failed while the answer's body was being read.
                transportError(e, this.transport.address, context)
              : e;
        this.trace({ method, path: context.path, status, durationMs: Date.now() - started, error: (err as Error).message, attempt });
        if (isTransient(err) && attempt + 1 < attempts && !(body && typeof body === 'object' && 'pipe' in body)) {
          await sleep(backoffDelay(attempt, policy), o.signal).catch(() => undefined);
          if (!o.signal?.aborted) {
            continue;
          }
          throw new CancelledError(`${method} ${context.path}`, context);
        }
        throw err;
      } finally {
        dispose();
      }
    }
  }

  private trace(t: RequestTrace): void {
    this.options.onTrace?.(t);
  }
}

/** Exec, console, events and SFTP switch protocols on the transport directly: trace them there. */
function tracingSwitches(inner: Transport, trace: (t: RequestTrace) => void): Transport {
  const traced = async <T>(path: string, open: () => Promise<T>): Promise<T> => {
    const started = Date.now();
    const shown = { method: 'GET', path: redactPath(path), attempt: 0 };
    try {
      const out = await open();
      trace({ ...shown, status: 101, durationMs: Date.now() - started });
      return out;
    } catch (e) {
      trace({ ...shown, durationMs: Date.now() - started, error: (e as Error).message });
      throw e;
    }
  };
  return {
    kind: inner.kind,
    address: inner.address,
    request: (req) => inner.request(req),
    close: () => inner.close(),
    websocket: (path, opts) => traced(path, () => inner.websocket(path, opts)),
    upgrade: (path, protocol, opts) => traced(path, () => inner.upgrade(path, protocol, opts)),
  };
}

/** A network or undici failure (it carries an error code), as opposed to LXD's answer or a bug. */
function isSocketFailure(e: unknown): boolean {
  return !(e instanceof LxdError) && typeof (e as { code?: unknown })?.code === 'string';
}

/** Combines the caller's signal with a timeout (0 = none). */
function deadline(outer: AbortSignal | undefined, ms: number): { signal?: AbortSignal; dispose(): void; timedOut(): boolean } {
  if (!ms) {
    return { signal: outer, dispose: () => undefined, timedOut: () => false };
  }
  const ctl = new AbortController();
  let fired = false;
  const timer = setTimeout(() => {
    fired = true;
    ctl.abort(new Error('timeout'));
  }, ms);
  const onAbort = (): void => ctl.abort(outer?.reason);
  if (outer?.aborted) {
    ctl.abort(outer.reason);
  } else {
    outer?.addEventListener('abort', onAbort, { once: true });
  }
  return {
    signal: ctl.signal,
    dispose: () => {
      clearTimeout(timer);
      outer?.removeEventListener('abort', onAbort);
    },
    timedOut: () => fired,
  };
}
