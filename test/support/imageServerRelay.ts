import * as fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import { TestImageServer } from './testbed';

/** A download the relay stopped part-way. */
export interface Hold {
  /** Resolves once the part before the stop has been sent, with how many bytes that was. */
  reached: Promise<number>;
  /** Resolves when the downloader's connection closed (it gave up, or the relay cut it). */
  closed: Promise<void>;
  /** Sends the rest. */
  release(): void;
  /** Drops the connection where it stands: a download that fails midway. */
  cut(): void;
}

interface PendingHold {
  match: RegExp;
  fraction: number;
  hold: Hold;
  attach(res: ServerResponse, upstream: IncomingMessage, req: IncomingMessage): void;
}

/**
 * An HTTPS relay on 127.0.0.1 (a port the kernel picks) in front of the test bed's image server,
 * with the same certificate, so a daemon downloads through it as from the real server. It records
 * every path asked for and can stop a download part-way (`hold`), to be released, cut or
 * cancelled by the daemon, or corrupt a file's bytes. Each relay has its own URL, so the daemons'
 * one-hour cache of a server's index (kept per URL) never answers for it.
 */
export class ImageServerRelay {
  /** Paths asked for, in order. */
  readonly requests: string[] = [];
  private readonly holds: PendingHold[] = [];
  private readonly corrupted: RegExp[] = [];
  private readonly stalled = new Set<() => void>();

  private constructor(
    private readonly server: https.Server,
    private readonly upstream: TestImageServer,
    readonly url: string,
  ) {}

  static async start(upstream: TestImageServer): Promise<ImageServerRelay> {
    const server = https.createServer({ cert: fs.readFileSync(upstream.certPath), key: fs.readFileSync(upstream.keyPath) });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const relay = new ImageServerRelay(server, upstream, `https://127.0.0.1:${(server.address() as AddressInfo).port}`);
    server.on('request', (req: IncomingMessage, res: ServerResponse) => relay.forward(req, res));
    return relay;
  }

  /** Stops the next download whose path matches after `fraction` of its bytes. */
  hold(match: RegExp, fraction = 0.5): Hold {
    let reached!: (n: number) => void;
    let closed!: () => void;
    let release = (): void => undefined;
    let cut = (): void => undefined;
    const hold: Hold = {
      reached: new Promise((r) => (reached = r)),
      closed: new Promise((r) => (closed = r)),
      release: () => release(),
      cut: () => cut(),
    };
    this.holds.push({
      match,
      fraction,
      hold,
      attach: (res, upstream, req) => {
        let limit = Math.floor(Number(upstream.headers['content-length']) * fraction);
        let sent = 0;
        let held: Buffer[] | undefined;
        let ended = false;
        req.socket.once('close', closed);
        upstream.on('data', (chunk: Buffer) => {
          if (held) {
            held.push(chunk);
            return;
          }
          if (sent + chunk.length <= limit) {
            sent += chunk.length;
            res.write(chunk);
            return;
          }
          res.write(chunk.subarray(0, limit - sent));
          held = [chunk.subarray(limit - sent)];
          sent = limit;
          upstream.pause();
          reached(sent);
        });
        upstream.on('end', () => {
          ended = true;
          if (!held) {
            res.end();
          }
        });
        const resume = (): void => {
          this.stalled.delete(resume);
          limit = Infinity;
          const rest = held ?? [];
          held = undefined;
          rest.forEach((c) => res.write(c));
          if (ended) {
            res.end();
          }
          upstream.resume();
        };
        this.stalled.add(resume);
        release = resume;
        cut = () => {
          this.stalled.delete(resume);
          req.socket.destroy();
        };
      },
    });
    return hold;
  }

  /** Lets every download go: holds no download has met yet are dropped, held ones released (after a test that failed midway). */
  releaseAll(): void {
    this.holds.splice(0);
    [...this.stalled].forEach((release) => release());
  }

  /** Flips a byte in the middle of every file whose path matches, keeping its size. */
  corrupt(match: RegExp): void {
    this.corrupted.push(match);
  }

  /** How many times a path matching `match` was asked for. */
  count(match: RegExp): number {
    return this.requests.filter((p) => match.test(p)).length;
  }

  async close(): Promise<void> {
    this.releaseAll();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private forward(req: IncomingMessage, res: ServerResponse): void {
    const p = req.url ?? '/';
    this.requests.push(p);
    const upstreamUrl = new URL(`${this.upstream.url.replace(/\/+$/, '')}${p}`);
    const out = https.request(upstreamUrl, { method: req.method, ca: this.upstream.certificate }, (upstream) => {
      res.writeHead(upstream.statusCode ?? 502, {
        'content-type': upstream.headers['content-type'] ?? 'application/octet-stream',
        'content-length': upstream.headers['content-length'] ?? '0',
      });
      const i = this.holds.findIndex((h) => h.match.test(p));
      if (i >= 0) {
        const [pending] = this.holds.splice(i, 1);
        pending.attach(res, upstream, req);
      } else if (this.corrupted.some((m) => m.test(p))) {
        corruptInto(upstream, res);
      } else {
        upstream.pipe(res);
      }
    });
    out.on('error', () => res.destroy());
    out.end();
  }
}

function corruptInto(upstream: IncomingMessage, res: ServerResponse): void {
  const chunks: Buffer[] = [];
  upstream.on('data', (c: Buffer) => chunks.push(c));
  upstream.on('end', () => {
    const body = Buffer.concat(chunks);
    body[body.length >> 1] ^= 0xff;
    res.end(body);
  });
}
