import * as tls from 'node:tls';
import { isIP } from 'node:net';
import { Agent } from 'undici';
import type WebSocket from 'ws';
import { TransportError } from './errors';
import { certificateFingerprint, normalizeFingerprint, pemFromDer } from './certificates';
import { Transport, TransportRequest, TransportResponse, agentRequest, transportError } from './transport';
import { redactPath } from './url';
import { openWebSocket } from './websocket';

export interface HttpsTransportOptions {
  /** `https://host:port` (port 8443 when omitted). */
  url: string;
  /** PEM client certificate and key: LXD trusts clients by their certificate. */
  clientCert: string;
  clientKey: string;
  /**
   * The server certificate to pin: its PEM, or its SHA-256 fingerprint (hex, colons allowed).
   * A server presenting any other certificate is refused. Without a pin, the system CAs must
   * validate the server (LXD behind a CA-signed certificate).
   */
  serverCertificate?: string;
  serverFingerprint?: string;
  /** Connect timeout in milliseconds (default 10 s). */
  connectTimeoutMs?: number;
}

/**
 * HTTPS to a remote daemon, with keep-alive pooling. Every connection is verified before a single
 * byte of a request is written: the TLS handshake completes, then the server certificate's SHA-256
 * is compared with the pin. Websockets reuse the same verified connector.
 */
export class HttpsTransport implements Transport {
  readonly kind = 'https' as const;
  readonly address: string;
  private readonly host: string;
  private readonly port: number;
  private readonly pin?: string;
  private readonly agent: Agent;

  constructor(private readonly options: HttpsTransportOptions) {
    const u = new URL(options.url);
    if (u.protocol !== 'https:') {
      throw new TypeError(`Remote address must start with https:// (got ${options.url})`);
    }
    this.host = u.hostname.replace(/^\[|\]$/g, '');
    this.port = u.port ? Number(u.port) : 8443;
    this.address = `https://${u.hostname}:${this.port}`;
    this.pin = options.serverFingerprint
      ? normalizeFingerprint(options.serverFingerprint)
      : options.serverCertificate
        ? certificateFingerprint(options.serverCertificate)
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

  /** The pinned server fingerprint (lower-case hex), if any. */
  get pinnedFingerprint(): string | undefined {
    return this.pin;
  }

  request(req: TransportRequest): Promise<TransportResponse> {
    return agentRequest(this.agent, this.address, this.address, req);
  }

  async websocket(path: string, opts?: { signal?: AbortSignal }): Promise<WebSocket> {
    const context = { method: 'GET', path: redactPath(path), address: this.address };
    let socket: tls.TLSSocket;
    try {
      socket = await this.connect();
    } catch (e) {
      throw transportError(e, this.address, context);
    }
    // ws would open its own TLS connection; hand it the verified one instead.
    return openWebSocket(`wss://${hostForUrl(this.host)}:${this.port}${path}`, { createConnection: () => socket }, context, opts?.signal);
  }

  async close(): Promise<void> {
    await this.agent.close();
  }

  /** Opens a TLS connection and checks the server certificate against the pin. */
  connect(): Promise<tls.TLSSocket> {
    return new Promise((resolve, reject) => {
      const socket = tls.connect({
        host: this.host,
        port: this.port,
        servername: isIP(this.host) ? undefined : this.host,
        cert: this.options.clientCert,
        key: this.options.clientKey,
        // Pinning replaces CA validation; without a pin the system CAs decide.
        rejectUnauthorized: !this.pin,
        // Websockets and SFTP upgrade the connection: HTTP/2 cannot, so only offer HTTP/1.1.
        ALPNProtocols: ['http/1.1'],
        timeout: this.options.connectTimeoutMs ?? 10_000,
      });
      const fail = (e: Error): void => {
        socket.destroy();
        reject(e);
      };
      socket.once('timeout', () => fail(Object.assign(new Error('connect timeout'), { code: 'ETIMEDOUT' })));
      socket.once('error', fail);
      socket.once('secureConnect', () => {
        socket.setTimeout(0);
        socket.off('error', fail);
        if (this.pin) {
          const presented = certificateFingerprint(socket.getPeerCertificate().raw);
          if (presented !== this.pin) {
            fail(pinMismatch(this.address, this.pin, presented));
            return;
          }
        }
        socket.setKeepAlive(true, 30_000);
        resolve(socket);
      });
    });
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

function short(fp: string): string {
  return `${fp.slice(0, 12)}…${fp.slice(-4)}`;
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
 * Fetches the certificate a server presents, without trusting it, so the user can compare the
 * fingerprint (or a trust token can confirm it) before it is pinned.
 */
export function fetchServerCertificate(url: string, timeoutMs = 10_000): Promise<PresentedCertificate> {
  const u = new URL(url);
  const host = u.hostname.replace(/^\[|\]$/g, '');
  const port = u.port ? Number(u.port) : 8443;
  return new Promise((resolve, reject) => {
    const socket = tls.connect({
      host,
      port,
      servername: isIP(host) ? undefined : host,
      rejectUnauthorized: false,
      ALPNProtocols: ['http/1.1'],
      timeout: timeoutMs,
    });
    const address = `https://${u.hostname}:${port}`;
    socket.once('timeout', () => {
      socket.destroy();
      reject(transportError(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' }), address));
    });
    socket.once('error', (e) => reject(transportError(e, address)));
    socket.once('secureConnect', () => {
      const cert = socket.getPeerCertificate();
      socket.end();
      resolve({
        pem: pemFromDer(cert.raw),
        fingerprint: certificateFingerprint(cert.raw),
        subject: Object.entries(cert.subject ?? {}).map(([k, v]) => `${k}=${v}`).join(', '),
        issuer: Object.entries(cert.issuer ?? {}).map(([k, v]) => `${k}=${v}`).join(', '),
        validTo: cert.valid_to,
      });
    });
  });
}
