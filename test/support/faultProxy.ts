import { EventEmitter } from 'node:events';
import * as net from 'node:net';
import { Listening, listenLoopback, unlisten } from './loopback';

/** `up` is what the client sends towards the daemon, `down` what comes back. */
export type Direction = 'up' | 'down';

/**
 * What the proxy does with the bytes it carries. A mode applies from the moment it is set: byte
 * counts (`afterBytes`) start again at 0 for every connection, open or new.
 *
 * - `pass`: forwards everything (and releases what `blackhole` held back).
 * - `stall`: connections accepted now are never forwarded nor closed (the daemon is not even
 *   contacted), whatever the mode later; what the client sends is read and dropped.
 * - `cut`: once `afterBytes` went one way (`direction`; either way when omitted), both sides close.
 * - `reset`: every open connection, and every new one on accept, is reset (RST).
 * - `slow`: each direction is forwarded at `bytesPerSecond`.
 * - `blackhole`: after `afterBytes` (either way, default 0) nothing more is forwarded and nothing is
 *   closed, as when a laptop sleeps: the proxy stops reading both sides, so the peers' data waits
 *   in the kernel, and a later `pass` delivers it.
 */
export type FaultMode =
  | { kind: 'pass' }
  | { kind: 'stall' }
  | { kind: 'cut'; afterBytes: number; direction?: Direction }
  | { kind: 'reset' }
  | { kind: 'slow'; bytesPerSecond: number }
  | { kind: 'blackhole'; afterBytes?: number };

/** Where the proxy forwards to: a TCP endpoint (`127.0.0.1:8443`) or a unix socket path. */
export type Upstream = { host: string; port: number } | { socketPath: string };

/**
 * A fault-injecting proxy on loopback in front of a daemon: on 127.0.0.1 with a port the kernel
 * picks for a TCP upstream (a daemon's HTTPS address; TLS passes through untouched, so the client
 * still verifies the daemon's own certificate), on a unix socket in a temp dir for a unix one.
 * Modes switch at run time (`set`). It counts the connections it holds open, so a test can see
 * them come back to a baseline.
 */
export class FaultProxy extends EventEmitter {
  private readonly links = new Set<Link>();
  private modeValue: FaultMode = { kind: 'pass' };
  private acceptedCount = 0;
  /** When each connection was accepted (`Date.now()`), in order. */
  readonly acceptedAt: number[] = [];

  private constructor(
    private readonly server: net.Server,
    private readonly upstream: Upstream,
    private readonly where: Listening,
  ) {
    super();
  }

  /** `127.0.0.1:8443` or `{ socketPath }`. */
  static async start(upstream: Upstream | string): Promise<FaultProxy> {
    const target = typeof upstream === 'string' ? parseUpstream(upstream) : upstream;
    const server = net.createServer({ pauseOnConnect: true });
    const where = await listenLoopback(server, 'socketPath' in target ? 'unix' : 'tcp', 'lxdx-proxy');
    const proxy = new FaultProxy(server, target, where);
    server.on('connection', (socket) => proxy.accept(socket));
    return proxy;
  }

  /** `127.0.0.1:port`, or the unix socket's path. */
  get address(): string {
    return this.where.address;
  }

  /** The TCP port (0 for a unix socket proxy). */
  get port(): number {
    const a = this.server.address();
    return typeof a === 'object' && a ? a.port : 0;
  }

  /** `https://127.0.0.1:port` for a TCP proxy. */
  get url(): string {
    return `https://${this.address}`;
  }

  get mode(): FaultMode {
    return this.modeValue;
  }

  /** Connections accepted so far. */
  get accepted(): number {
    return this.acceptedCount;
  }

  /** Connections still open on either side. */
  get open(): number {
    return this.links.size;
  }

  /** Bytes a `blackhole` holds back now, over every connection: what was sent and has not arrived. */
  get held(): number {
    let n = 0;
    for (const link of this.links) {
      n += link.heldBytes;
    }
    return n;
  }

  set(mode: FaultMode): void {
    this.modeValue = mode;
    for (const link of this.links) {
      link.apply(mode);
    }
  }

  /** Resets (RST) every open connection; new ones are accepted as the mode says. */
  resetAll(): void {
    for (const link of this.links) {
      link.reset();
    }
  }

  /** Resolves once `check()` holds, re-checked on every accept, close and bytes held back; rejects after `timeoutMs`. */
  until(check: (p: FaultProxy) => boolean, message: string, timeoutMs = 15_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const test = (): void => {
        if (check(this)) {
          done();
          resolve();
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`${message} (not true within ${timeoutMs} ms: ${this.accepted} accepted, ${this.open} open)`));
      }, timeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        this.off('accept', test);
        this.off('closed', test);
        this.off('held', test);
      };
      this.on('accept', test);
      this.on('closed', test);
      this.on('held', test);
      test();
    });
  }

  async close(): Promise<void> {
    for (const link of this.links) {
      link.destroy();
    }
    await unlisten(this.server, this.where);
  }

  private accept(client: net.Socket): void {
    this.acceptedCount++;
    this.acceptedAt.push(Date.now());
    const link = new Link(client, this.upstream, this.modeValue, () => {
      this.links.delete(link);
      this.emit('closed');
    });
    link.onHeld = () => this.emit('held');
    this.links.add(link);
    this.emit('accept');
  }
}

/**
 * One client connection and its upstream twin. Forwarding is done by hand (not `pipe`) so a mode
 * can count, hold back or cut bytes at any point; back-pressure still holds: a full destination
 * pauses its source.
 */
class Link {
  private readonly up?: net.Socket;
  private mode: FaultMode;
  private readonly stalled: boolean;
  private readonly sent: Record<Direction, number> = { up: 0, down: 0 };
  private readonly held: Record<Direction, Buffer[]> = { up: [], down: [] };
  private holding = false;
  private cut = false;
  private slowTimer?: NodeJS.Timeout;
  private closed = false;
  /** Told when bytes are held back. */
  onHeld: () => void = () => undefined;

  constructor(
    private readonly client: net.Socket,
    upstream: Upstream,
    mode: FaultMode,
    private readonly onClosed: () => void,
  ) {
    this.mode = mode;
    this.stalled = mode.kind === 'stall';
    client.on('error', () => undefined);
    client.once('close', () => this.destroy());
    if (mode.kind === 'reset') {
      client.resetAndDestroy();
      return;
    }
    if (this.stalled) {
      // Read (and drop) what the client sends, so its close is seen; never answer.
      client.on('data', () => undefined);
      client.resume();
      return;
    }
    const up = net.connect('socketPath' in upstream ? { path: upstream.socketPath } : { host: upstream.host, port: upstream.port });
    this.up = up;
    up.on('error', () => undefined);
    up.once('close', () => this.destroy());
    up.once('connect', () => {
      client.on('data', (chunk: Buffer) => this.forward('up', chunk));
      up.on('data', (chunk: Buffer) => this.forward('down', chunk));
      client.once('end', () => !this.holding && up.end());
      up.once('end', () => !this.holding && client.end());
      this.apply(this.mode);
      if (!this.holding) {
        client.resume();
      }
    });
  }

  get heldBytes(): number {
    return this.holding ? [...this.held.up, ...this.held.down].reduce((n, c) => n + c.length, 0) : 0;
  }

  apply(mode: FaultMode): void {
    this.mode = mode;
    this.sent.up = 0;
    this.sent.down = 0;
    if (this.stalled || !this.up) {
      return;
    }
    if (mode.kind === 'reset') {
      this.reset();
      return;
    }
    if (mode.kind === 'blackhole' && !mode.afterBytes) {
      this.hold();
    } else if (mode.kind !== 'blackhole' && this.holding) {
      this.release();
    }
    if (mode.kind === 'slow') {
      this.slowTimer ??= setInterval(() => this.drip(), 50);
    } else if (this.slowTimer) {
      clearInterval(this.slowTimer);
      this.slowTimer = undefined;
      this.release();
    }
  }

  reset(): void {
    if (this.closed) {
      return;
    }
    this.client.resetAndDestroy();
    this.up?.resetAndDestroy();
  }

  destroy(): void {
    if (this.closed) {
      return;
    }
    this.closed = true;
    clearInterval(this.slowTimer);
    this.client.destroy();
    this.up?.destroy();
    this.onClosed();
  }

  private forward(dir: Direction, chunk: Buffer): void {
    const mode = this.mode;
    if (this.cut) {
      return;
    }
    if (this.holding || mode.kind === 'slow') {
      this.held[dir].push(chunk);
      if (mode.kind === 'slow') {
        this.source(dir).pause();
      } else {
        this.onHeld();
      }
      return;
    }
    if (mode.kind === 'cut' && (!mode.direction || mode.direction === dir)) {
      const room = mode.afterBytes - this.sent[dir];
      if (chunk.length >= room) {
        // Both sides close once the last allowed byte is out.
        this.cut = true;
        this.write(dir, chunk.subarray(0, Math.max(0, room)));
        this.sink(dir).end(() => this.destroy());
        return;
      }
    }
    if (mode.kind === 'blackhole') {
      const room = (mode.afterBytes ?? 0) - this.sent.up - this.sent.down;
      if (chunk.length >= room) {
        this.write(dir, chunk.subarray(0, Math.max(0, room)));
        this.held[dir].push(chunk.subarray(Math.max(0, room)));
        this.hold();
        this.onHeld();
        return;
      }
    }
    this.write(dir, chunk);
  }

  private write(dir: Direction, chunk: Buffer): void {
    if (!chunk.length) {
      return;
    }
    this.sent[dir] += chunk.length;
    const sink = this.sink(dir);
    if (!sink.write(chunk)) {
      const source = this.source(dir);
      source.pause();
      sink.once('drain', () => !this.holding && this.mode.kind !== 'slow' && source.resume());
    }
  }

  /** Stops reading both sides: nothing goes through, nothing is noticed, nothing closes. */
  private hold(): void {
    this.holding = true;
    this.client.pause();
    this.up?.pause();
  }

  private release(): void {
    this.holding = false;
    for (const dir of ['up', 'down'] as const) {
      const chunks = this.held[dir].splice(0);
      chunks.forEach((c) => this.write(dir, c));
    }
    this.client.resume();
    this.up?.resume();
  }

  /** `slow`: every 50 ms, a twentieth of the rate per direction. */
  private drip(): void {
    if (this.mode.kind !== 'slow') {
      return;
    }
    const budget = Math.max(1, Math.floor(this.mode.bytesPerSecond / 20));
    for (const dir of ['up', 'down'] as const) {
      let left = budget;
      const queue = this.held[dir];
      while (left > 0 && queue.length) {
        const head = queue[0];
        const part = head.subarray(0, left);
        this.write(dir, part);
        left -= part.length;
        if (part.length === head.length) {
          queue.shift();
        } else {
          queue[0] = head.subarray(part.length);
        }
      }
      if (!queue.length) {
        this.source(dir).resume();
      }
    }
  }

  private source(dir: Direction): net.Socket {
    return dir === 'up' ? this.client : this.up!;
  }

  private sink(dir: Direction): net.Socket {
    return dir === 'up' ? this.up! : this.client;
  }
}

function parseUpstream(s: string): Upstream {
  if (s.startsWith('/')) {
    return { socketPath: s };
  }
  const at = s.lastIndexOf(':');
  return { host: s.slice(0, at).replace(/^\[|\]$/g, ''), port: Number(s.slice(at + 1)) };
}
