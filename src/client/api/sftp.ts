import type { Duplex } from 'node:stream';
import { CancelledError, TimeoutError, TransportError } from '../errors';
import { ApiGroup, ProjectOptions } from './base';

/**
 * A minimal SFTP v3 client over LXD's `GET /1.0/instances/{name}/sftp` (`Upgrade: sftp`, extension
 * `instance_sftp`): after the 101 the socket carries raw SFTP packets. Only what the REST files API lacks or does slowly is
 * implemented: rename, through OpenSSH's `posix-rename@openssh.com` (rename(2): atomic, keeps
 * owner, mode, times and hard links, and moves whole trees in one call), and stat/lstat/readdir,
 * which list a directory with every entry's type in one exchange where REST needs a request per
 * entry. Requests are pipelined on one session.
 */

const FXP_INIT = 1;
const FXP_VERSION = 2;
const FXP_CLOSE = 4;
const FXP_LSTAT = 7;
const FXP_OPENDIR = 11;
const FXP_READDIR = 12;
const FXP_STAT = 17;
const FXP_RENAME = 18;
const FXP_READLINK = 19;
const FXP_STATUS = 101;
const FXP_HANDLE = 102;
const FXP_NAME = 104;
const FXP_ATTRS = 105;
const FXP_EXTENDED = 200;
const FX_EOF = 1;

/** The largest packet accepted from a server: OpenSSH's sftp client caps it at 256 KiB too. */
export const MAX_SFTP_PACKET = 256 * 1024;
/** How long one request may wait for its answer before the session is given up (a hung peer). */
export const SFTP_REQUEST_TIMEOUT_MS = 30_000;

/** What SFTP tells about a path (the fields LXD's server always sends). */
export interface SftpAttrs {
  type: 'file' | 'directory' | 'symlink' | 'other';
  size?: number;
  uid?: number;
  gid?: number;
  /** Permission bits only (0o7777). */
  mode?: number;
  /** Modification time, ms since the epoch. */
  mtime?: number;
}

const STATUS_TEXT: Record<number, string> = {
  1: 'end of file',
  2: 'no such file',
  3: 'permission denied',
  4: 'failure',
  5: 'bad message',
  6: 'no connection',
  7: 'connection lost',
  8: 'operation unsupported',
};

/** An SFTP status other than OK: `code` is SSH_FX_* (2 no such file, 3 permission denied, 4 failure). */
export class SftpError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message || STATUS_TEXT[code] || `SFTP status ${code}`);
    this.name = 'SftpError';
  }
}

type Reply = { type: number; body: Buffer };

/** Per request: a deadline (SFTP_REQUEST_TIMEOUT_MS by default) and a caller's signal. */
export interface SftpCallOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

/** The server broke the SFTP protocol (a length out of bounds, an unreadable reply): the session is closed. */
export class SftpProtocolError extends TransportError {
  constructor(message: string) {
    super({ message: `The SFTP server broke the protocol: ${message}`, code: 'EPROTO', address: '' });
    this.name = 'SftpProtocolError';
  }
}

/** `/1.0/instances/{name}/sftp`: SFTP sessions into instances. */
export class SftpApi extends ApiGroup {
  /** Opens an SFTP session into an instance, on a connection of its own. */
  async open(instance: string, opts?: ProjectOptions): Promise<SftpSession> {
    const target = this.switchPath('GET /1.0/instances/{name}/sftp', { path: { name: instance }, query: { project: this.project(opts) } });
    return SftpSession.start(await this.ctx.requester.transport.upgrade(target, 'sftp', { signal: opts?.signal }), {
      signal: opts?.signal,
    });
  }
}

export class SftpSession {
  /** Received bytes not yet framed into packets: a list of chunks, joined only once a packet is whole. */
  private chunks: Buffer[] = [];
  private buffered = 0;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve(r: Reply): void; reject(e: Error): void }>();
  private versionReply?: { resolve(r: Reply): void; reject(e: Error): void };
  private closedError?: Error;
  extensions = new Map<string, string>();

  private constructor(private readonly socket: Duplex) {
    socket.on('data', (d: Buffer) => this.onData(d));
    socket.on('error', (e) => this.fail(e));
    // Seen only by requests still waiting: the daemon died, or the network went away.
    socket.on('close', () =>
      this.fail(
        new TransportError({
          message: 'The SFTP connection closed before the answer came. Did the daemon stop?',
          code: 'ECONNRESET',
          address: '',
        }),
      ),
    );
  }

  /**
   * Starts the SFTP session on a socket that has just switched to `sftp`: INIT, then the server's
   * VERSION, which must be 3 and come within the request deadline.
   */
  static async start(socket: Duplex, opts: SftpCallOptions = {}): Promise<SftpSession> {
    const session = new SftpSession(socket);
    const version = new Promise<Reply>((resolve, reject) => (session.versionReply = { resolve, reject }));
    const init = Buffer.alloc(9);
    init.writeUInt32BE(5, 0);
    init.writeUInt8(FXP_INIT, 4);
    init.writeUInt32BE(3, 5);
    socket.write(init);
    socket.resume();
    try {
      const reply = await session.bounded(version, 'INIT', opts);
      const v = reply.body.length >= 4 ? reply.body.readUInt32BE(0) : -1;
      if (v !== 3) {
        throw new SftpProtocolError(`it speaks version ${v}, this client only version 3`);
      }
      session.extensions = parseExtensions(reply.body);
    } catch (e) {
      session.fail(e as Error);
      session.close();
      throw e;
    }
    return session;
  }

  /** rename(2) inside the instance: replaces an existing file at `to`. */
  async rename(from: string, to: string, opts?: SftpCallOptions): Promise<void> {
    if (this.extensions.has('posix-rename@openssh.com')) {
      await this.status(FXP_EXTENDED, [str('posix-rename@openssh.com'), str(from), str(to)], opts);
    } else {
      await this.status(FXP_RENAME, [str(from), str(to)], opts);
    }
  }

  /** stat(2): follows symlinks. */
  async stat(path: string, opts?: SftpCallOptions): Promise<SftpAttrs> {
    return this.attrs(await this.request(FXP_STAT, [str(path)], opts));
  }

  /** lstat(2): a symlink as itself. */
  async lstat(path: string, opts?: SftpCallOptions): Promise<SftpAttrs> {
    return this.attrs(await this.request(FXP_LSTAT, [str(path)], opts));
  }

  /** readlink(2): a symlink's target as written (the files API answers with the resolved, absolute path). */
  async readlink(path: string, opts?: SftpCallOptions): Promise<string> {
    const reply = await this.request(FXP_READLINK, [str(path)], opts);
    if (reply.type !== FXP_NAME || reply.body.readUInt32BE(0) < 1) {
      throw statusError(reply);
    }
    return readString(reply.body, 4).value;
  }

  /** A directory's entries (without `.` and `..`) with their lstat attributes. */
  async readdir(path: string, opts?: SftpCallOptions): Promise<Array<{ name: string; attrs: SftpAttrs }>> {
    const opened = await this.request(FXP_OPENDIR, [str(path)], opts);
    if (opened.type !== FXP_HANDLE) {
      throw statusError(opened);
    }
    const handle = readString(opened.body, 0).value;
    const out: Array<{ name: string; attrs: SftpAttrs }> = [];
    try {
      for (;;) {
        const reply = await this.request(FXP_READDIR, [str(handle)], opts);
        if (reply.type === FXP_STATUS && reply.body.readUInt32BE(0) === FX_EOF) {
          break;
        }
        if (reply.type !== FXP_NAME) {
          throw statusError(reply);
        }
        let at = 4;
        for (let i = reply.body.readUInt32BE(0); i > 0; i--) {
          const name = readString(reply.body, at);
          const longname = readString(reply.body, name.next);
          const attrs = parseAttrs(reply.body, longname.next);
          at = attrs.next;
          if (name.value !== '.' && name.value !== '..') {
            out.push({ name: name.value, attrs: attrs.value });
          }
        }
      }
    } finally {
      await this.request(FXP_CLOSE, [str(handle)], opts).catch(() => undefined);
    }
    return out;
  }

  get closed(): boolean {
    return this.closedError !== undefined;
  }

  close(): void {
    this.socket.destroy();
  }

  private attrs(reply: Reply): SftpAttrs {
    if (reply.type !== FXP_ATTRS) {
      throw statusError(reply);
    }
    return parseAttrs(reply.body, 0).value;
  }

  private async status(type: number, fields: Buffer[], opts?: SftpCallOptions): Promise<void> {
    const reply = await this.request(type, fields, opts);
    if (reply.type !== FXP_STATUS || reply.body.readUInt32BE(0) !== 0) {
      throw statusError(reply);
    }
  }

  private request(type: number, fields: Buffer[], opts?: SftpCallOptions): Promise<Reply> {
    if (this.closedError) {
      return Promise.reject(this.closedError);
    }
    const id = this.nextId;
    // Request ids are uint32 on the wire: wrap, skipping 0 and any id still waiting.
    do {
      this.nextId = this.nextId >= 0xffffffff ? 1 : this.nextId + 1;
    } while (this.waiting.has(this.nextId));
    const idBuf = Buffer.alloc(4);
    idBuf.writeUInt32BE(id);
    const payload = Buffer.concat([Buffer.from([type]), idBuf, ...fields]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(payload.length);
    const answer = new Promise<Reply>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.socket.write(Buffer.concat([len, payload]));
    });
    return this.bounded(answer, `request ${type}`, opts, () => this.waiting.delete(id));
  }

  /**
   * Waits for an answer within the deadline and the caller's signal. A peer that does not answer
   * in time is not trusted with more: the whole session is closed, so its pool opens a new one.
   * A cancelled request only stops waiting (its late answer is dropped).
   */
  private bounded(answer: Promise<Reply>, what: string, opts: SftpCallOptions = {}, forget?: () => void): Promise<Reply> {
    const limit = opts.timeoutMs ?? SFTP_REQUEST_TIMEOUT_MS;
    const signal = opts.signal;
    return new Promise<Reply>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const done = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      };
      const onAbort = (): void => {
        done();
        forget?.();
        reject(new CancelledError(`SFTP ${what}`));
      };
      if (signal?.aborted) {
        onAbort();
        return;
      }
      signal?.addEventListener('abort', onAbort, { once: true });
      if (limit > 0) {
        timer = setTimeout(() => {
          done();
          const err = new TimeoutError(`SFTP ${what}`, limit);
          this.fail(err);
          this.close();
          reject(err);
        }, limit);
      }
      answer.then(
        (r) => (done(), resolve(r)),
        (e: Error) => (done(), reject(e)),
      );
    });
  }

  private onData(d: Buffer): void {
    if (this.closedError) {
      return;
    }
    this.chunks.push(d);
    this.buffered += d.length;
    try {
      this.frame();
    } catch (e) {
      // A packet that cannot be read ends the session; nothing is thrown out of the socket's handler.
      const err = e instanceof SftpProtocolError ? e : new SftpProtocolError((e as Error).message);
      this.fail(err);
      this.close();
    }
  }

  /** Cuts whole packets off the received bytes; lengths are checked before anything is kept. */
  private frame(): void {
    while (this.buffered >= 4) {
      const head = this.peek(4);
      const len = head.readUInt32BE(0);
      if (len > MAX_SFTP_PACKET) {
        throw new SftpProtocolError(`a packet of ${len} bytes announced (at most ${MAX_SFTP_PACKET} accepted)`);
      }
      if (len < 1) {
        throw new SftpProtocolError(`a packet of ${len} bytes announced`);
      }
      if (this.buffered < 4 + len) {
        return;
      }
      const whole = this.take(4 + len);
      const type = whole.readUInt8(4);
      const packet = whole.subarray(5);
      if (type === FXP_VERSION) {
        if (!this.versionReply) {
          throw new SftpProtocolError('a VERSION packet in the middle of the session');
        }
        this.versionReply.resolve({ type, body: packet });
        this.versionReply = undefined;
        continue;
      }
      if (packet.length < 4) {
        throw new SftpProtocolError(`a reply of type ${type} with no request id`);
      }
      const id = packet.readUInt32BE(0);
      const w = this.waiting.get(id);
      this.waiting.delete(id);
      w?.resolve({ type, body: packet.subarray(4) });
    }
  }

  /** The first `n` buffered bytes, joining chunks only as far as needed. */
  private peek(n: number): Buffer {
    if (this.chunks[0].length < n) {
      this.chunks = [Buffer.concat(this.chunks)];
    }
    return this.chunks[0].subarray(0, n);
  }

  private take(n: number): Buffer {
    const out = this.peek(n);
    const rest = this.chunks[0].subarray(n);
    this.chunks = rest.length ? [rest, ...this.chunks.slice(1)] : this.chunks.slice(1);
    this.buffered -= n;
    return out;
  }

  private fail(e: Error): void {
    this.closedError ??= e;
    this.versionReply?.reject(e);
    this.versionReply = undefined;
    for (const w of this.waiting.values()) {
      w.reject(e);
    }
    this.waiting.clear();
  }
}

function statusError(reply: Reply): SftpError {
  if (reply.type !== FXP_STATUS) {
    return new SftpError(5, `unexpected SFTP reply ${reply.type}`);
  }
  const code = reply.body.readUInt32BE(0);
  const message = reply.body.length >= 8 ? readString(reply.body, 4).value : '';
  return new SftpError(code, message);
}

function readString(b: Buffer, at: number): { value: string; next: number } {
  const len = b.readUInt32BE(at);
  return { value: b.subarray(at + 4, at + 4 + len).toString('utf8'), next: at + 4 + len };
}

const S_IFMT = 0o170000;

/** SFTP v3 ATTRS: flags, then size, uid/gid, permissions, atime/mtime, extensions, as flagged. */
export function parseAttrs(b: Buffer, start: number): { value: SftpAttrs; next: number } {
  const flags = b.readUInt32BE(start);
  let at = start + 4;
  const value: SftpAttrs = { type: 'other' };
  if (flags & 0x1) {
    value.size = Number(b.readBigUInt64BE(at));
    at += 8;
  }
  if (flags & 0x2) {
    value.uid = b.readUInt32BE(at);
    value.gid = b.readUInt32BE(at + 4);
    at += 8;
  }
  if (flags & 0x4) {
    const perm = b.readUInt32BE(at);
    at += 4;
    const fmt = perm & S_IFMT;
    value.type = fmt === 0o040000 ? 'directory' : fmt === 0o120000 ? 'symlink' : fmt === 0o100000 ? 'file' : 'other';
    value.mode = perm & 0o7777;
  }
  if (flags & 0x8) {
    value.mtime = b.readUInt32BE(at + 4) * 1000;
    at += 8;
  }
  if (flags & 0x80000000) {
    let count = b.readUInt32BE(at);
    at += 4;
    for (; count > 0; count--) {
      at = readString(b, readString(b, at).next).next;
    }
  }
  return { value, next: at };
}

function str(s: string): Buffer {
  const body = Buffer.from(s, 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32BE(body.length);
  return Buffer.concat([len, body]);
}

function parseExtensions(body: Buffer): Map<string, string> {
  const out = new Map<string, string>();
  let at = 4; // version
  const read = (): string => {
    const { value, next } = readString(body, at);
    at = next;
    return value;
  };
  while (at + 4 <= body.length) {
    const name = read();
    out.set(name, at + 4 <= body.length ? read() : '');
  }
  return out;
}
