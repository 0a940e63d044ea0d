import * as tls from 'node:tls';
import { isIP } from 'node:net';
import { Duplex, Readable } from 'node:stream';
import { Agent } from './undici';
import type WebSocket from 'ws';
import { JSON_BODY_LIMIT, readText } from './body';
import { ApiError, CancelledError, NotTrustedError, RequestContext, TransportError } from './errors';
import { certificateFingerprint, parseFingerprint, pemFromDer } from './certificates';
import { Transport, TransportRequest, TransportResponse, agentRequest, transportError } from './transport';
import { cliName } from './serverKind';
import { upgradeSocket } from './upgrade';
import { redactPath } from './url';
import { WebSocketOptions, handshakeDeadline, openWebSocket, socketOptions } from './websocket';

export interface HttpsTransportOptions {
  /** `https://host:port` (port 8443 when omitted). */
  url: string;
  /** PEM client certificate and key: LXD trusts clients by their certificate. */
  clientCert: string;
  clientKey: string;
  /**
   * The server certificate to pin: its PEM, or its SHA-256 fingerprint (hex, colons allowed).
   * A server presenting any other certificate is refused. Without a pin, the system CAs (or `ca`)
   * must validate the server (LXD behind a CA-signed certificate).
   */
  serverCertificate?: string;
  serverFingerprint?: string;
  /** Without a pin: the CA (PEM) to validate the server with instead of the system CAs (`client.ca`). */
  ca?: string;
  /** Connect timeout in milliseconds (default 10 s). */
  connectTimeoutMs?: number;
  /** Called after every TLS handshake that passed verification, before anything is sent on it. */
  onHandshake?: (h: Handshake) => void;
}

/** One verified TLS connection: what a log (or a test counting connections) wants to know. */
export interface Handshake {
  /** `TLSv1.3` with LXD and Incus: they accept nothing older. */
  protocol: string | null;
  /**
   * Only `http/1.1` is offered, so websockets and SFTP can upgrade the connection. LXD and Incus
   * list only `h2` in ALPN, so nothing is negotiated (`false`) and they speak HTTP/1.1.
   */
  alpnProtocol: string | false | null;
  /** SHA-256 of the server certificate, lower-case hex. */
  serverFingerprint: string;
}

/**
 * HTTPS to a remote daemon, with keep-alive pooling. Every connection is verified before a single
 * byte of a request is written: the TLS handshake completes, then the server certificate's SHA-256
 * is compared with the pin. Websockets reuse the same verified connector.
 *
 * A 403 from a server that does not trust the client certificate becomes a NotTrustedError that
 * says how to get trusted; other 403s (a restricted certificate) stay LXD's own error.
 */
export class HttpsTransport implements Transport {
  readonly kind = 'https' as const;
  readonly address: string;
  /** SHA-256 of the client certificate, lower-case hex. */
  readonly clientFingerprint: string;
  private readonly host: string;
  private readonly port: number;
  private readonly pin?: string;
  private readonly agent: Agent;

  constructor(private readonly options: HttpsTransportOptions) {
    const u = new URL(options.url);
    if (u.protocol !== 'https:') {
      throw new TypeError(`Remote address must start with https:// (got ${options.url})`);
    }
    ({ host: this.host, port: this.port, address: this.address } = endpointOf(u));
    this.clientFingerprint = pemFingerprint(options.clientCert, 'client certificate');
    this.pin = options.serverFingerprint
      ? parseFingerprint(options.serverFingerprint)
      : options.serverCertificate
        ? pemFingerprint(options.serverCertificate, 'server certificate')
        : undefined;
    this.agent = new Agent({
      connect: (_opts, cb) => {
        this.connect().then(
          (s) => cb(null, s),
          (e: Error) => cb(e, null),
        );
      },
      keepAliveTimeout: 30_000,
      headersTimeout: 0,
      bodyTimeout: 0,
    });
  }

  async request(req: TransportRequest): Promise<TransportResponse> {
    const res = await agentRequest(this.agent, this.address, this.address, req);
    if (res.status !== 403) {
      return res;
    }
    const text = await readText(res.body, JSON_BODY_LIMIT, 'The refusal');
    const context = { method: req.method, path: redactPath(req.path), address: this.address };
    await this.explainForbidden(lxdErrorText(text), context);
    return bufferedResponse(res, text);
  }

  websocket(path: string, opts?: WebSocketOptions): Promise<WebSocket> {
    return this.onVerifiedConnection(path, opts, (socket, context, signal) =>
      // ws would open its own TLS connection; hand it the verified one instead. The URL is a
      // `ws+unix:` one on purpose: VS Code's extension host (its proxy support) gives every
      // http(s).request without a `socketPath` an agent of its own, which would ignore
      // `createConnection` and connect anew, unverified and without the client certificate. The
      // socket path is never opened: the upgrade goes out on the verified connection.
      openWebSocket(
        `ws+unix:///lxdx-verified-tls:${path}`,
        { createConnection: () => socket, headers: { Host: this.hostHeader() }, ...socketOptions(opts) },
        context,
        signal,
      ),
    );
  }

  upgrade(path: string, protocol: string, opts?: { signal?: AbortSignal; timeoutMs?: number }): Promise<Duplex> {
    return this.onVerifiedConnection(path, opts, (socket, context, signal) =>
      upgradeSocket(socket, { path, protocol, host: this.hostHeader(), context, signal }),
    );
  }

  async close(): Promise<void> {
    await this.agent.close();
  }

  /**
   * Runs a protocol switch (`open`) on a fresh verified connection, within the handshake deadline
   * (the TLS connect and the 101 both count). A 403 is explained as for requests: a
   * NotTrustedError when the server does not trust this client.
   */
  private onVerifiedConnection<T>(
    path: string,
    opts: { signal?: AbortSignal; timeoutMs?: number } | undefined,
    open: (socket: tls.TLSSocket, context: RequestContext, signal: AbortSignal) => Promise<T>,
  ): Promise<T> {
    const context = { method: 'GET', path: redactPath(path), address: this.address };
    return handshakeDeadline(context, opts, async (signal) => {
      let socket: tls.TLSSocket;
      try {
        socket = await this.connect(signal);
      } catch (e) {
        throw signal.aborted ? new CancelledError('Opening the connection', context) : transportError(e, this.address, context);
      }
      try {
        return await open(socket, context, signal);
      } catch (e) {
        if (e instanceof ApiError && e.status === 403) {
          await this.explainForbidden(e.lxdMessage, context);
        }
        throw e;
      }
    });
  }

  private hostHeader(): string {
    return `${hostForUrl(this.host)}:${this.port}`;
  }

  /** Opens a TLS connection and checks the server certificate against the pin; `signal` drops it half-way. */
  private connect(signal?: AbortSignal): Promise<tls.TLSSocket> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const socket = tls.connect({
        ...tlsTarget(this.host, this.port, this.options.connectTimeoutMs),
        cert: this.options.clientCert,
        key: this.options.clientKey,
        // Pinning replaces CA validation; without a pin the system CAs decide, or only `ca` when given
        // (as the Go client does with `client.ca`).
        ca: this.pin ? undefined : this.options.ca,
        rejectUnauthorized: !this.pin,
      });
      const onAbort = (): void => fail(signal?.reason);
      const fail = (e: Error): void => {
        signal?.removeEventListener('abort', onAbort);
        socket.destroy();
        reject(e);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      socket.once('timeout', () => fail(Object.assign(new Error('connect timeout'), { code: 'ETIMEDOUT' })));
      socket.once('error', fail);
      socket.once('secureConnect', () => {
        signal?.removeEventListener('abort', onAbort);
        socket.setTimeout(0);
        socket.off('error', fail);
        const raw = socket.getPeerCertificate().raw;
        const presented = raw ? certificateFingerprint(raw) : '';
        if (this.pin && presented !== this.pin) {
          // Close without writing a byte of HTTP: `end` flushes the handshake's last record and sends
          // close_notify, so the server sees a clean close, not a reset it might retry or log.
          socket.end(() => socket.destroy());
          reject(pinMismatch(this.address, this.pin, presented));
          return;
        }
        socket.setKeepAlive(true, 30_000);
        this.options.onHandshake?.({ protocol: socket.getProtocol(), alpnProtocol: socket.alpnProtocol, serverFingerprint: presented });
        resolve(socket);
      });
    });
  }

  /**
   * A 403 means "not trusted" only when the server says so: `GET /1.0` answers untrusted clients
   * too, with `auth: untrusted`. Throws the NotTrustedError; returns when the client is trusted (a
   * restricted certificate), so the caller reports LXD's own error.
   */
  private async explainForbidden(lxdMessage: string, context: RequestContext): Promise<void> {
    const server = await this.untrustedServer();
    if (!server) {
      return;
    }
    const cli = cliName(server);
    throw new NotTrustedError({
      lxdMessage,
      context,
      clientFingerprint: this.clientFingerprint,
      message:
        `The server at ${this.address} does not trust this client (certificate SHA-256 ${short(this.clientFingerprint)}). ` +
        `On the server, run "${cli} config trust add" and add the server again with the token it prints.`,
    });
  }

  /** `lxd` or `incus` when `GET /1.0` says this client is untrusted; undefined otherwise. */
  private async untrustedServer(): Promise<'lxd' | 'incus' | undefined> {
    try {
      const res = await agentRequest(this.agent, this.address, this.address, { method: 'GET', path: '/1.0' });
      const body = JSON.parse(await readText(res.body, JSON_BODY_LIMIT, 'The server description')) as {
        metadata?: { auth?: string; api_extensions?: string[] };
      };
      if (body.metadata?.auth !== 'untrusted') {
        return undefined;
      }
      // Untrusted clients see no `environment`; Incus renamed LXD's devlxd extensions.
      return body.metadata.api_extensions?.some((e) => e.startsWith('dev_incus')) ? 'incus' : 'lxd';
    } catch {
      return undefined;
    }
  }
}

function pinMismatch(address: string, expected: string, presented: string): TransportError {
  return new TransportError({
    code: 'CERT_PIN_MISMATCH',
    address,
    message:
      `The server at ${address} presented a certificate that does not match the trusted one ` +
      `(expected SHA-256 ${short(expected)}, got ${short(presented)}). ` +
      `Nothing was sent. If the server's certificate was changed on purpose, remove the remote and add it again ` +
      `to trust the new certificate; otherwise someone may be intercepting the connection.`,
  });
}

function pemFingerprint(pem: string, what: string): string {
  try {
    return certificateFingerprint(pem);
  } catch {
    throw new TypeError(`The ${what} is not a PEM certificate.`);
  }
}

/** A remote URL's host (IPv6 without brackets), port (8443 when omitted) and `https://host:port` address. */
function endpointOf(u: URL): { host: string; port: number; address: string } {
  const port = u.port ? Number(u.port) : 8443;
  return { host: u.hostname.replace(/^\[|\]$/g, ''), port, address: `https://${u.hostname}:${port}` };
}

/** What connecting needs besides credentials; HTTP/2 cannot upgrade, so only HTTP/1.1 is offered. */
function tlsTarget(host: string, port: number, timeoutMs = 10_000): tls.ConnectionOptions {
  return { host, port, servername: isIP(host) ? undefined : host, ALPNProtocols: ['http/1.1'], timeout: timeoutMs };
}

/** LXD's error text from an error envelope, or the raw body. */
function lxdErrorText(body: string): string {
  try {
    return String((JSON.parse(body) as { error?: unknown }).error ?? body);
  } catch {
    return body;
  }
}

/** A reply whose body was already read, readable again. */
function bufferedResponse(res: TransportResponse, text: string): TransportResponse {
  const bytes = Buffer.from(text);
  const body = Object.assign(Readable.from([bytes]), {
    text: async () => text,
    arrayBuffer: async () => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
    dump: async () => undefined,
  });
  return { status: res.status, headers: res.headers, body };
}

function short(fp: string): string {
  return fp ? `${fp.slice(0, 12)}…${fp.slice(-4)}` : '(none)';
}

function hostForUrl(host: string): string {
  return isIP(host) === 6 ? `[${host}]` : host;
}

export interface PresentedCertificate {
  pem: string;
  fingerprint: string;
  subject: string;
  issuer: string;
  validTo: string;
}

/**
 * Fetches the certificate a server presents, without trusting it and without sending anything, so
 * the user can compare the fingerprint (or a trust token can confirm it) before it is pinned.
 */
export function fetchServerCertificate(url: string, timeoutMs = 10_000): Promise<PresentedCertificate> {
  const { host, port, address } = endpointOf(new URL(url));
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ ...tlsTarget(host, port, timeoutMs), rejectUnauthorized: false });
    socket.once('timeout', () => {
      socket.destroy();
      reject(transportError(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' }), address));
    });
    socket.on('error', (e) => reject(transportError(e, address)));
    socket.once('secureConnect', () => {
      socket.setTimeout(0);
      const cert = socket.getPeerCertificate();
      socket.end();
      resolve({
        pem: pemFromDer(cert.raw),
        fingerprint: certificateFingerprint(cert.raw),
        subject: Object.entries(cert.subject ?? {})
          .map(([k, v]) => `${k}=${v}`)
          .join(', '),
        issuer: Object.entries(cert.issuer ?? {})
          .map(([k, v]) => `${k}=${v}`)
          .join(', '),
        validTo: cert.valid_to,
      });
    });
  });
}
