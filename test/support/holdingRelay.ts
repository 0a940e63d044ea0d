import { EventEmitter } from 'node:events';
import * as http from 'node:http';
import * as net from 'node:net';
import { Listening, listenLoopback, unlisten } from './loopback';

/** Hop-by-hop headers, which the relay's own connections set. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade']);

/**
 * A relay on a unix socket in front of a daemon's unix socket that forwards every request as it is
 * (websocket upgrades too, so events, exec and files work through it) and holds the requests a
 * test chooses until it releases them: a server slow to answer one call, and only that call, while
 * everything else (the events stream above all) flows.
 */
export class HoldingRelay extends EventEmitter {
  /** `METHOD /path?query` of every request, in the order they came. */
  readonly requests: string[] = [];
  private holdWhen?: (method: string, path: string) => boolean;
  private holdAnswers = false;
  private readonly waiting: (() => void)[] = [];
  private readonly sockets = new Set<net.Socket>();
  /** The websockets relayed, by their request line; `paused` when their daemon's side is held. */
  private readonly upgraded: { line: string; up: net.Socket; down: net.Socket; paused: boolean }[] = [];

  private constructor(
    private readonly server: http.Server,
    private readonly where: Listening,
    private readonly upstream: string,
  ) {
    super();
  }

  static async start(upstreamSocket: string): Promise<HoldingRelay> {
    const server = http.createServer();
    const where = await listenLoopback(server, 'unix', 'lxdx-relay');
    const relay = new HoldingRelay(server, where, upstreamSocket);
    server.on('connection', (socket: net.Socket) => relay.track(socket));
    server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => relay.request(req, res));
    server.on('upgrade', (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => relay.upgrade(req, socket, head));
    return relay;
  }

  /** The relay's socket path. */
  get address(): string {
    return this.where.address;
  }

  /** Requests held now. */
  get held(): number {
    return this.waiting.length;
  }

  /**
   * Holds every request from now on for which `when` is true, until `release`: before the daemon
   * sees it, or with `answered`, the daemon's answer (read at once, so what it says may be out of
   * date by the time it arrives).
   */
  hold(when: (method: string, path: string) => boolean, options: { answered?: boolean } = {}): void {
    this.holdWhen = when;
    this.holdAnswers = options.answered ?? false;
  }

  /** Forwards the held requests and holds no more. */
  release(): void {
    this.holdWhen = undefined;
    this.waiting.splice(0).forEach((forward) => forward());
  }

  /**
   * Holds what the daemon sends on the websockets whose request line matches (`/1.0/events`): it
   * waits in the relay until `resumeWebsockets`, as when a server is slow to tell its news.
   */
  pauseWebsockets(pattern: RegExp): void {
    for (const w of this.upgraded) {
      if (!w.paused && pattern.test(w.line)) {
        w.paused = true;
        w.up.unpipe(w.down);
      }
    }
  }

  resumeWebsockets(): void {
    for (const w of this.upgraded) {
      if (w.paused) {
        w.paused = false;
        w.up.pipe(w.down);
      }
    }
  }

  /** How many requests so far match. */
  count(pattern: RegExp): number {
    return this.requests.filter((r) => pattern.test(r)).length;
  }

  /** Resolves once `check()` holds, re-checked at every request; rejects after `timeoutMs`. */
  until(check: () => boolean, message: string, timeoutMs = 20_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const test = (): void => {
        if (check()) {
          done();
          resolve();
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`${message} (not true within ${timeoutMs} ms; requests: ${this.requests.join(', ')})`));
      }, timeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        this.off('request', test);
      };
      this.on('request', test);
      test();
    });
  }

  /** Drops what it holds (those requests are never answered) and closes every connection. */
  async close(): Promise<void> {
    this.holdWhen = undefined;
    this.waiting.length = 0;
    this.sockets.forEach((s) => s.destroy());
    await unlisten(this.server, this.where);
  }

  /** Once per socket: a kept-alive upstream socket comes back with every request it carries. */
  private track(socket: net.Socket): void {
    if (this.sockets.has(socket)) {
      return;
    }
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
  }

  private request(req: http.IncomingMessage, res: http.ServerResponse): void {
    const method = req.method ?? 'GET';
    const url = req.url ?? '/';
    const holding = this.holdWhen?.(method, url) ?? false;
    const holdAnswer = holding && this.holdAnswers;
    const forward = (): void => {
      if (req.destroyed || res.destroyed) {
        // The client gave up while the request was held.
        return;
      }
      const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => !HOP_BY_HOP.has(k)));
      const up = http.request({ socketPath: this.upstream, method, path: url, headers }, (answer) => {
        const back = Object.fromEntries(Object.entries(answer.headers).filter(([k]) => !HOP_BY_HOP.has(k)));
        const reply = (): void => {
          res.writeHead(answer.statusCode ?? 502, back);
          answer.pipe(res);
        };
        if (holdAnswer) {
          // Read whole now (the daemon is done with it), delivered at release.
          const chunks: Buffer[] = [];
          answer.on('data', (c: Buffer) => chunks.push(c));
          answer.once('end', () => {
            this.waiting.push(() => {
              if (!res.destroyed) {
                res.writeHead(answer.statusCode ?? 502, back);
                res.end(Buffer.concat(chunks));
              }
            });
            this.emit('request');
          });
        } else {
          reply();
        }
      });
      up.on('socket', (socket) => this.track(socket));
      up.on('error', () => res.destroy());
      res.once('close', () => up.destroy());
      req.pipe(up);
    };
    this.requests.push(`${method} ${url}`);
    if (holding && !holdAnswer) {
      this.waiting.push(forward);
    } else {
      forward();
    }
    this.emit('request');
  }

  private upgrade(req: http.IncomingMessage, socket: net.Socket, head: Buffer): void {
    const line = `${req.method} ${req.url}`;
    this.requests.push(line);
    this.emit('request');
    const up = net.connect(this.upstream);
    this.track(up);
    up.on('error', () => socket.destroy());
    socket.on('error', () => up.destroy());
    up.once('close', () => socket.destroy());
    socket.once('close', () => up.destroy());
    up.once('connect', () => {
      const lines = [`${req.method} ${req.url} HTTP/1.1`];
      for (let i = 0; i < req.rawHeaders.length; i += 2) {
        lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
      }
      up.write(lines.join('\r\n') + '\r\n\r\n');
      up.write(head);
      socket.pipe(up);
      up.pipe(socket);
      const relayed = { line, up, down: socket, paused: false };
      this.upgraded.push(relayed);
      up.once('close', () => {
        const i = this.upgraded.indexOf(relayed);
        if (i >= 0) {
          this.upgraded.splice(i, 1);
        }
      });
    });
  }
}
