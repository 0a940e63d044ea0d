import { createHash } from 'node:crypto';
import * as net from 'node:net';
import * as tls from 'node:tls';
import { Listening, listenLoopback, unlisten } from './loopback';

/** One HTTP/1.1 request as the fake server read it. Header names are lower-case. */
export interface FakeRequest {
  method: string;
  /** Path with query, as sent. */
  path: string;
  headers: Record<string, string>;
  body: Buffer;
}

/** Decides what the fake server does with one request; the peer is the raw connection. */
export type FakeHandler = (req: FakeRequest, peer: FakePeer) => void | Promise<void>;

export interface FakeServerOptions {
  handler: FakeHandler;
  /** `tcp`: 127.0.0.1 on a port the kernel picks (default); `unix`: a socket in a temp dir. */
  listen?: 'tcp' | 'unix';
  /** Serve TLS with this certificate (a client pins its fingerprint). */
  tls?: { cert: string; key: string };
}

/**
 * A misbehaving peer on loopback, scriptable per request: it reads HTTP/1.1 requests itself (no
 * HTTP library in the way), so a handler can answer with exactly the bytes a test needs: invalid
 * JSON, a body larger than announced, a 200 where a 101 belongs, a close before the 101, a
 * websocket that never speaks or sends an oversized frame, or, after a 101, SFTP packets with
 * any length field, split anywhere (`sftpPacket`).
 */
export class FakeServer {
  /** Every request read, in order. */
  readonly requests: FakeRequest[] = [];
  private readonly peers = new Set<FakePeer>();
  private handler: FakeHandler;

  private constructor(
    private readonly server: net.Server,
    private readonly where: Listening,
    handler: FakeHandler,
  ) {
    this.handler = handler;
  }

  static async start(opts: FakeServerOptions): Promise<FakeServer> {
    const server = opts.tls ? tls.createServer({ cert: opts.tls.cert, key: opts.tls.key, minVersion: 'TLSv1.3' }) : net.createServer();
    const where = await listenLoopback(server, opts.listen ?? 'tcp', 'lxdx-fake');
    const fake = new FakeServer(server, where, opts.handler);
    server.on(opts.tls ? 'secureConnection' : 'connection', (socket: net.Socket) => fake.accept(socket));
    server.on('tlsClientError', () => undefined);
    return fake;
  }

  /** `127.0.0.1:port`, or the unix socket's path. */
  get address(): string {
    return this.where.address;
  }

  /** The unix socket path (for a `unix` server). */
  get socketPath(): string {
    return this.address;
  }

  get url(): string {
    return `https://${this.address}`;
  }

  /** Connections still open. */
  get open(): number {
    return this.peers.size;
  }

  /** Replaces the handler for the requests that follow. */
  handle(handler: FakeHandler): void {
    this.handler = handler;
  }

  async close(): Promise<void> {
    this.peers.forEach((p) => p.destroy());
    await unlisten(this.server, this.where);
  }

  private accept(socket: net.Socket): void {
    const peer = new FakePeer(socket);
    this.peers.add(peer);
    socket.once('close', () => this.peers.delete(peer));
    socket.on('error', () => undefined);
    let buffered: Buffer = Buffer.alloc(0);
    let busy = false;
    const next = async (): Promise<void> => {
      while (!busy && !peer.tookOver) {
        const req = parseRequest(buffered);
        if (!req) {
          return;
        }
        buffered = buffered.subarray(req.consumed);
        this.requests.push(req.request);
        busy = true;
        try {
          await this.handler(req.request, peer);
        } catch {
          peer.destroy();
        } finally {
          busy = false;
        }
        if (peer.tookOver && buffered.length) {
          peer.deliver(buffered);
          buffered = Buffer.alloc(0);
        }
      }
    };
    socket.on('data', (chunk: Buffer) => {
      if (peer.tookOver) {
        peer.deliver(chunk);
        return;
      }
      buffered = Buffer.concat([buffered, chunk]);
      void next();
    });
  }
}

/** The raw connection behind one or more requests. */
export class FakePeer {
  /** After `switchProtocols`, raw bytes go to `onData` listeners instead of the HTTP parser. */
  tookOver = false;
  private readonly listeners: ((chunk: Buffer) => void)[] = [];

  constructor(readonly socket: net.Socket) {}

  write(bytes: Buffer | string): Promise<void> {
    return new Promise((resolve) => (this.socket.write(bytes) ? resolve() : this.socket.once('drain', () => resolve())));
  }

  /** Writes `bytes` in pieces of `size`, each its own write (and, on loopback, usually its own read). */
  async writeSplit(bytes: Buffer, size: number): Promise<void> {
    for (let at = 0; at < bytes.length; at += size) {
      await this.write(bytes.subarray(at, at + size));
      await new Promise((r) => setImmediate(r));
    }
  }

  end(): void {
    this.socket.end();
  }

  destroy(): void {
    this.socket.destroy();
  }

  /** Closes with a RST. */
  reset(): void {
    this.socket.resetAndDestroy();
  }

  /** A complete response with Content-Length. */
  respond(status: number, body: Buffer | string = '', headers: Record<string, string> = {}): Promise<void> {
    const bytes = typeof body === 'string' ? Buffer.from(body) : body;
    return this.write(Buffer.concat([head(status, { 'content-length': String(bytes.length), ...headers }), bytes]));
  }

  json(status: number, value: unknown): Promise<void> {
    return this.respond(status, JSON.stringify(value), { 'content-type': 'application/json' });
  }

  /** LXD's sync envelope around `metadata`. */
  sync(metadata: unknown): Promise<void> {
    return this.json(200, { type: 'sync', status: 'Success', status_code: 200, operation: '', error_code: 0, error: '', metadata });
  }

  /**
   * Announces `announced` bytes and sends `sent` of them (default: all) in 64 KiB pieces, honouring
   * back-pressure; then ends the connection when fewer were sent than announced.
   */
  async stream(
    status: number,
    announced: number,
    opts: { sent?: number; fill?: number; headers?: Record<string, string> } = {},
  ): Promise<void> {
    await this.write(head(status, { 'content-length': String(announced), ...opts.headers }));
    const sent = opts.sent ?? announced;
    const piece = Buffer.alloc(64 * 1024, opts.fill ?? 0x61);
    for (let at = 0; at < sent && !this.socket.destroyed; at += piece.length) {
      await this.write(piece.subarray(0, Math.min(piece.length, sent - at)));
    }
    if (sent < announced) {
      this.socket.end();
    }
  }

  /**
   * Answers an upgrade with 101: a websocket one (with its accept key) or any other protocol
   * (`sftp`). From then on, bytes from the client go to `onData`. `first`: bytes sent in the same
   * write as the 101, so the client reads them with it (a daemon's first keepalive ping can).
   */
  async switchProtocols(req: FakeRequest, first?: Buffer): Promise<void> {
    this.tookOver = true;
    const protocol = req.headers.upgrade ?? 'websocket';
    const headers: Record<string, string> = { upgrade: protocol, connection: 'Upgrade' };
    if (protocol.toLowerCase() === 'websocket') {
      headers['sec-websocket-accept'] = createHash('sha1')
        .update(`${req.headers['sec-websocket-key'] ?? ''}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`)
        .digest('base64');
    }
    await this.write(first ? Buffer.concat([head(101, headers), first]) : head(101, headers));
  }

  /**
   * A server websocket frame (unmasked). `length` overrides the length field only: a frame that
   * announces more than it carries, or more than a client accepts.
   */
  frame(init: { opcode: 'text' | 'binary' | 'close' | 'ping' | 'pong'; payload?: Buffer | string; length?: number }): Promise<void> {
    return this.write(wsFrame(init));
  }

  /** Bytes the client sent after a 101. */
  onData(listener: (chunk: Buffer) => void): void {
    this.listeners.push(listener);
  }

  /** Resolves with the next bytes the client sends after a 101. */
  nextData(): Promise<Buffer> {
    return new Promise((resolve) => {
      const once = (chunk: Buffer): void => {
        this.listeners.splice(this.listeners.indexOf(once), 1);
        resolve(chunk);
      };
      this.listeners.push(once);
    });
  }

  /** @internal */
  deliver(chunk: Buffer): void {
    [...this.listeners].forEach((l) => l(chunk));
  }
}

const OPCODES = { text: 1, binary: 2, close: 8, ping: 9, pong: 10 } as const;

export function wsFrame(init: { opcode: keyof typeof OPCODES; payload?: Buffer | string; length?: number }): Buffer {
  const payload = typeof init.payload === 'string' ? Buffer.from(init.payload) : (init.payload ?? Buffer.alloc(0));
  const length = init.length ?? payload.length;
  let header: Buffer;
  if (length < 126) {
    header = Buffer.from([0x80 | OPCODES[init.opcode], length]);
  } else if (length < 0x10000) {
    header = Buffer.alloc(4);
    header.writeUInt16BE(length, 2);
    header[1] = 126;
  } else {
    header = Buffer.alloc(10);
    header.writeBigUInt64BE(BigInt(length), 2);
    header[1] = 127;
  }
  header[0] = 0x80 | OPCODES[init.opcode];
  return Buffer.concat([header, payload]);
}

/**
 * An SFTP packet: uint32 length, byte type, then (for everything but VERSION) a uint32 request
 * id, then the payload. `length` overrides the length field (huge or short lengths); without it
 * the length is the true one.
 */
export function sftpPacket(init: { type: number; id?: number; payload?: Buffer; length?: number }): Buffer {
  const body = Buffer.concat([
    Buffer.from([init.type]),
    init.id === undefined ? Buffer.alloc(0) : u32(init.id),
    init.payload ?? Buffer.alloc(0),
  ]);
  return Buffer.concat([u32(init.length ?? body.length), body]);
}

/** SSH_FXP_VERSION (type 2) with `version`: what a server answers to INIT. */
export function sftpVersion(version = 3): Buffer {
  return sftpPacket({ type: 2, payload: u32(version) });
}

/** SSH_FXP_STATUS (type 101) for request `id`. */
export function sftpStatus(id: number, code: number, message = ''): Buffer {
  return sftpPacket({ type: 101, id, payload: Buffer.concat([u32(code), sshString(message), sshString('')]) });
}

export function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
}

export function sshString(s: string | Buffer): Buffer {
  const bytes = typeof s === 'string' ? Buffer.from(s) : s;
  return Buffer.concat([u32(bytes.length), bytes]);
}

const REASONS: Record<number, string> = {
  101: 'Switching Protocols',
  200: 'OK',
  202: 'Accepted',
  400: 'Bad Request',
  404: 'Not Found',
  500: 'Internal Server Error',
};

function head(status: number, headers: Record<string, string>): Buffer {
  const lines = [`HTTP/1.1 ${status} ${REASONS[status] ?? 'Status'}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
}

/** One request from the front of `buf` (Content-Length bodies only), or undefined if incomplete. */
function parseRequest(buf: Buffer): { request: FakeRequest; consumed: number } | undefined {
  const end = buf.indexOf('\r\n\r\n');
  if (end < 0) {
    return undefined;
  }
  const [line, ...rest] = buf.subarray(0, end).toString('latin1').split('\r\n');
  const [method, target] = line.split(' ');
  const headers: Record<string, string> = {};
  for (const h of rest) {
    const at = h.indexOf(':');
    if (at > 0) {
      headers[h.slice(0, at).trim().toLowerCase()] = h.slice(at + 1).trim();
    }
  }
  const length = Number(headers['content-length'] ?? 0);
  if (buf.length < end + 4 + length) {
    return undefined;
  }
  const body = buf.subarray(end + 4, end + 4 + length);
  return { request: { method, path: target, headers, body }, consumed: end + 4 + length };
}
