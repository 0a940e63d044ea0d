import type * as tls from 'node:tls';
import type * as Undici from 'undici';
import { Agent, Dispatcher, buildConnector, redirectInterceptor, request } from '../undici';
import { discard } from '../api/files';
import { certificateFingerprint } from '../certificates';
import { CancelledError, TimeoutError, TransportError } from '../errors';
import { isAbort, transportError } from '../transport';
import { ImageServerError } from './errors';
import { ProxySettings, openTunnel, proxyFor, proxyFromEnv } from './proxy';

export interface FetchLimits {
  /** For the whole request, body included (default 60 s). */
  timeoutMs?: number;
  /** The most bytes read from one reply (default 64 MiB: cloud-images.ubuntu.com's products file is the largest seen). */
  maxBytes?: number;
  /** The HTTP proxy to reach image servers through (default: `HTTPS_PROXY` / `NO_PROXY` from the environment). */
  proxy?: ProxySettings;
}

export interface FetchedText {
  status: number;
  contentType: string;
  text: string;
}

const DEFAULT_TIMEOUT_MS = 60_000;
const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;

/**
 * Reads from one image server over HTTPS, without a client certificate (image servers are public):
 * the server's certificate is checked against the system CAs, or, when a PEM certificate is given,
 * must be exactly that one (a self-signed server), which the daemons accept as the source's
 * `certificate` too. Redirects are followed, as the daemons' Go client follows them. Through an
 * HTTP proxy, TLS runs inside a `CONNECT` tunnel, so the certificate is checked the same way.
 */
export class ImageServerFetcher {
  private readonly agent: Agent;
  private readonly dispatcher: Dispatcher;
  private readonly pin?: string;

  constructor(
    certificate: string | undefined,
    private readonly limits: FetchLimits = {},
  ) {
    if (certificate !== undefined) {
      try {
        this.pin = certificateFingerprint(certificate);
      } catch {
        throw new TypeError("The image server's certificate is not a PEM certificate.");
      }
    }
    // Pinning replaces CA validation, as for a remote LXD: the handshake completes, then the
    // certificate must be the pinned one before undici writes a byte of the request.
    // No TLS session resumption: a resumed session does not show the server's certificate again.
    const connector = buildConnector({ rejectUnauthorized: !this.pin, ALPNProtocols: ['http/1.1'], timeout: 10_000, maxCachedSessions: 0 });
    const proxy = limits.proxy ?? proxyFromEnv();
    const secure = (opts: Undici.buildConnector.Options, cb: Undici.buildConnector.Callback): void =>
      connector(opts, (err, socket) => {
        if (err || !socket) {
          return cb(err ?? new Error('no connection'), null);
        }
        const mismatch = this.pin === undefined ? undefined : pinMismatch(socket as tls.TLSSocket, this.pin, opts);
        if (mismatch) {
          socket.destroy();
          return cb(mismatch, null);
        }
        cb(null, socket);
      });
    this.agent = new Agent({
      connect: (opts, cb) => {
        let via: URL | undefined;
        try {
          via = proxyFor(
            new URL(`https://${opts.hostname.includes(':') ? `[${opts.hostname}]` : opts.hostname}:${opts.port || '443'}`),
            proxy,
          );
        } catch (e) {
          return cb(e as Error, null);
        }
        if (!via) {
          return secure(opts, cb);
        }
        openTunnel(via, { host: opts.hostname, port: opts.port || '443' }, 10_000).then(
          (httpSocket) => secure({ ...opts, httpSocket }, cb),
          (e: Error) => cb(e, null),
        );
      },
    });
    this.dispatcher = this.agent.compose(redirectInterceptor({ maxRedirections: 5 }));
  }

  /** GETs `url` whole, within the limits; an HTTP error status is returned, not thrown. */
  async get(url: string, signal?: AbortSignal): Promise<FetchedText> {
    const u = new URL(url);
    if (u.protocol !== 'https:') {
      throw new TypeError(`Image servers are read over HTTPS, not ${u.protocol.replace(/:$/, '')} (${url}).`);
    }
    const timeoutMs = this.limits.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const maxBytes = this.limits.maxBytes ?? DEFAULT_MAX_BYTES;
    const timeout = AbortSignal.timeout(timeoutMs);
    const both = signal ? AbortSignal.any([signal, timeout]) : timeout;
    const context = { method: 'GET', path: u.pathname, address: u.origin };
    try {
      const res = await request(this.dispatcher, {
        origin: u.origin,
        path: `${u.pathname}${u.search}`,
        method: 'GET',
        signal: both,
        headers: { accept: 'application/json' },
      });
      const declared = Number(res.headers['content-length']);
      if (declared > maxBytes) {
        discard(res.body);
        throw tooLarge(url, maxBytes);
      }
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of res.body as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > maxBytes) {
          discard(res.body);
          throw tooLarge(url, maxBytes);
        }
        chunks.push(chunk);
      }
      return {
        status: res.statusCode,
        contentType: String(res.headers['content-type'] ?? ''),
        text: Buffer.concat(chunks).toString('utf8'),
      };
    } catch (e) {
      if (e instanceof ImageServerError) {
        throw e;
      }
      if (isAbort(e) || both.aborted) {
        throw timeout.aborted ? new TimeoutError(`Reading ${url}`, timeoutMs, context) : new CancelledError(`Reading ${url}`, context);
      }
      throw transportError(e, u.origin, context, (code) => (UNTRUSTED.has(code) ? untrustedHint : undefined));
    }
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}

/** Node's codes for a certificate the system CAs do not vouch for. */
const UNTRUSTED = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_HAS_EXPIRED',
]);

const untrustedHint =
  "The system does not trust the server's certificate; if the server is yours and self-signed, give its certificate (PEM) to trust exactly that one.";

function pinMismatch(socket: tls.TLSSocket, pin: string, target: { hostname: string; port: string }): TransportError | undefined {
  const raw = socket.getPeerCertificate().raw;
  const presented = raw ? certificateFingerprint(raw) : '';
  if (presented === pin) {
    return undefined;
  }
  const address = `https://${target.hostname}${target.port ? `:${target.port}` : ''}`;
  return new TransportError({
    code: 'CERT_PIN_MISMATCH',
    address,
    message: `The image server at ${address} presented another certificate than the one given for it (expected SHA-256 ${pin.slice(0, 12)}…, got ${presented.slice(0, 12) || 'none'}…). Nothing was read from it.`,
  });
}

function tooLarge(url: string, maxBytes: number): ImageServerError {
  const limit = maxBytes >= 1 << 20 ? `${Math.round(maxBytes / (1 << 20))} MiB` : `${maxBytes} bytes`;
  return new ImageServerError(url, `${url} is larger than ${limit}: not read.`);
}
