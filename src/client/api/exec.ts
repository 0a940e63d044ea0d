import { Readable } from 'node:stream';
import WebSocket from 'ws';
import type { InstanceExecPost, Operation } from '../../generated';
import { TransportError } from '../errors';
import { OperationHandle } from '../operation';
import { watchSilence } from '../websocket';
import { ApiGroup, ProjectOptions, callOpts } from './base';
import { SessionLink, TerminalChannel, connectionLost, sessionLink } from './terminal';

export interface ExecOptions extends ProjectOptions {
  command: string[];
  environment?: Record<string, string>;
  /** Working directory (extension `container_exec_user_group_cwd`). */
  cwd?: string;
  /** User and group ids to run as (same extension); LXD sets HOME and USER only for uid 0. */
  user?: number;
  group?: number;
  /**
   * How long a data socket may stay silent, not even the daemon's keepalive ping coming through,
   * before the connection counts as lost and the session fails: SILENCE_MS (30 s) when not given,
   * 0 for never.
   */
  silenceMs?: number;
}

export interface PtyOptions extends ExecOptions {
  width: number;
  height: number;
}

export interface ExecResult {
  exitCode: number;
  stdout: Buffer;
  stderr: Buffer;
  /** LXD's text when the process could not run as asked (e.g. "Command not found", exit code 127). */
  error?: string;
}

/** How a process ended: its exit code (128+n after signal n), and LXD's text if it could not run. */
export interface ExitStatus {
  exitCode: number;
  error?: string;
}

/**
 * `POST /1.0/instances/{name}/exec` with its websockets. Data frames are binary; an empty text frame
 * ends a stream, in both directions. All required websockets must connect within 5 s (LXD 5.0) or
 * the operation fails, so they are opened together.
 */
export class ExecApi extends ApiGroup {
  /** Runs a command to completion and collects its output. */
  async run(name: string, opts: ExecOptions & { stdin?: Buffer | string }): Promise<ExecResult> {
    const proc = await this.spawn(name, opts);
    const output = Promise.all([collect(proc.stdout), collect(proc.stderr)]);
    proc.end(opts.stdin);
    // Together, so that a stream that failed is never left as an unhandled rejection.
    const [status, [stdout, stderr]] = await Promise.all([proc.exit, output]);
    return { ...status, stdout, stderr };
  }

  /** Starts a command with streamed stdin, stdout and stderr. */
  async spawn(name: string, opts: ExecOptions): Promise<ExecProcess> {
    const op = await this.post(name, opts, { interactive: false });
    const [stdin, stdout, stderr, control] = await this.connect(op, ['0', '1', '2', 'control']);
    return new ExecProcess(op, stdin, stdout, stderr, control, this.link(opts));
  }

  /** Starts a command on a pseudo-terminal (a shell): one data stream, resizable, with signals. */
  async pty(name: string, opts: PtyOptions): Promise<PtySession> {
    const op = await this.post(name, opts, { interactive: true, width: opts.width, height: opts.height });
    const [pty, control] = await this.connect(op, ['0', 'control']);
    return new PtySession(op, pty, control, this.link(opts));
  }

  private link(opts: ExecOptions): SessionLink {
    return sessionLink(this.ctx.requester.transport.address, opts.silenceMs);
  }

  private async post(name: string, opts: ExecOptions, mode: Partial<InstanceExecPost>): Promise<OperationHandle> {
    const body: InstanceExecPost = {
      command: opts.command,
      environment: opts.environment ?? {},
      'wait-for-websocket': true,
      'record-output': false,
      ...mode,
    };
    if (opts.cwd !== undefined) {
      body.cwd = opts.cwd;
    }
    if (opts.user !== undefined) {
      body.user = opts.user;
    }
    if (opts.group !== undefined) {
      body.group = opts.group;
    }
    return this.operation('POST /1.0/instances/{name}/exec', {
      path: { name },
      query: { project: this.project(opts) },
      body,
      ...callOpts(opts),
    });
  }

  /**
   * Connects the operation's websockets. Control goes first: LXD starts the process as soon as the
   * data sockets are connected, and a process that ends at once (e.g. command not found) would
   * otherwise finish the operation before a late control socket could join it.
   */
  private async connect(op: OperationHandle, names: string[]): Promise<WebSocket[]> {
    // A non-interactive process' stdout and stderr only ever receive.
    const open = (fd: string): Promise<WebSocket> => this.operationSocket(op, fd, fd === '1' || fd === '2');
    const control = await open('control');
    const results = await Promise.allSettled(names.filter((n) => n !== 'control').map(open));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) {
      control.terminate();
      results.forEach((r) => r.status === 'fulfilled' && r.value.terminate());
      throw failed.reason;
    }
    const data = results.map((r) => (r as PromiseFulfilledResult<WebSocket>).value);
    return names.map((n) => (n === 'control' ? control : data.shift()!));
  }
}

/** Resolves the exit status from the finished operation; a Failure with `return` is still a result. */
async function exitStatus(op: OperationHandle): Promise<ExitStatus> {
  let done: Operation;
  try {
    done = await op.wait();
  } catch (e) {
    const final = await op.get().catch(() => undefined);
    const ret = (final?.metadata as { return?: number } | null)?.return;
    if (typeof ret === 'number') {
      return { exitCode: ret, error: final?.err || (e as Error).message };
    }
    throw e;
  }
  const ret = (done.metadata as { return?: number } | null)?.return;
  return { exitCode: typeof ret === 'number' ? ret : -1 };
}

/**
 * Why a session's socket closed before its end-of-stream frame. Both daemons always send that frame
 * before they close, so the connection was lost: the daemon's own error when it no longer answers
 * (it died, "Is the daemon running?"), else `lost`, which says what was cut. A connection that went
 * silent is not asked again: the question would wait on the same silent network.
 */
async function whyLost(op: OperationHandle, lost: Error): Promise<never> {
  if (lost instanceof TransportError && lost.code === 'ETIMEDOUT') {
    throw lost;
  }
  const down = await op.get().then(
    () => undefined,
    (e: unknown) => (e instanceof TransportError ? e : undefined),
  );
  throw down ?? lost;
}

/** A non-interactive process: stdin, stdout and stderr as separate streams. */
export class ExecProcess {
  /** Ends when the process' stdout did; fails with a TransportError if the connection was lost first. */
  readonly stdout: Readable;
  readonly stderr: Readable;
  /**
   * Resolves with the exit status once both output streams ended and LXD finished the operation.
   * Rejects (a TransportError) when an output stream's connection closed before its end: what
   * arrived is incomplete, and the process, if it still runs, is killed.
   */
  readonly exit: Promise<ExitStatus>;
  private stdinEnded = false;

  constructor(
    readonly operation: OperationHandle,
    private readonly stdin: WebSocket,
    stdout: WebSocket,
    stderr: WebSocket,
    private readonly control: WebSocket,
    link: SessionLink,
  ) {
    const output = (ws: WebSocket, name: string): Readable => {
      const silent = watchSilence(ws, link.silenceMs);
      return streamFrom(ws, (e) => connectionLost(link, silent(), `before the command's ${name} ended: its output is incomplete`, e));
    };
    this.stdout = output(stdout, 'stdout');
    this.stderr = output(stderr, 'stderr');
    const ended = Promise.all([ended_(this.stdout), ended_(this.stderr)]);
    this.exit = ended
      .then(
        () => exitStatus(operation),
        (e: Error) => whyLost(operation, e),
      )
      .finally(() => this.closeAll());
    stdin.resume();
    control.resume();
    // Callers that only await `exit` must not see an unhandled rejection from a stream.
    this.exit.catch(() => undefined);
  }

  write(data: Buffer | string): void {
    if (!this.stdinEnded) {
      this.stdin.send(typeof data === 'string' ? Buffer.from(data) : data, { binary: true });
    }
  }

  /** Ends stdin (an empty text frame), optionally after a last chunk. */
  end(data?: Buffer | string): void {
    if (data !== undefined && data.length > 0) {
      this.write(data);
    }
    if (!this.stdinEnded) {
      this.stdinEnded = true;
      this.stdin.send('', { binary: false });
    }
  }

  /** Sends a signal (Linux number, e.g. 15 for SIGTERM) to the process. */
  signal(signal: number): void {
    this.control.send(JSON.stringify({ command: 'signal', signal }));
  }

  /** Kills the process: closing the control socket makes LXD SIGKILL it. */
  kill(): void {
    this.control.close(1000);
  }

  private closeAll(): void {
    for (const ws of [this.stdin, this.control]) {
      if (ws.readyState === WebSocket.OPEN) {
        ws.close(1000);
      }
    }
  }
}

/** An interactive session on a pseudo-terminal. */
export class PtySession extends TerminalChannel {
  /**
   * Resolves with the exit status when the process ended. Rejects (a TransportError) if the daemon
   * went away, or if the connection closed before the session ended; the process is then killed.
   */
  readonly exit: Promise<ExitStatus>;
  private ended!: () => void;
  /** The client closes the data socket itself: after the end-of-stream frame, or in `close`. */
  private closing = false;

  constructor(operation: OperationHandle, pty: WebSocket, control: WebSocket, link: SessionLink) {
    super(operation, pty, control);
    const silent = watchSilence(pty, link.silenceMs);
    const lost = (e?: Error): TransportError => connectionLost(link, silent(), 'while the session was running', e);
    this.exit = new Promise<void>((resolve, reject) => {
      this.ended = resolve;
      // Incus keeps the shell running when only this socket is lost: waiting for it to end would
      // wait forever, with the terminal frozen.
      pty.once('close', () => (this.closing ? resolve() : reject(lost())));
      pty.once('error', (e) => reject(lost(e)));
    })
      .then(
        () => exitStatus(operation),
        (e: Error) => whyLost(operation, e),
      )
      .catch((e) => {
        throw e instanceof TransportError
          ? e
          : new TransportError({
              message: `The session ended unexpectedly: ${(e as Error).message}`,
              code: 'ECONNRESET',
              address: link.address,
              cause: e,
            });
      })
      .finally(() => this.closeControl());
    this.exit.catch(() => undefined);
    this.start();
  }

  signal(signal: number): void {
    this.sendControl({ command: 'signal', signal });
  }

  /** Ends the session: closing control makes LXD kill the process, then fd 0 lets the operation end. */
  close(): void {
    this.closing = true;
    this.closeControl();
    setTimeout(() => this.data.readyState === WebSocket.OPEN && this.data.close(1000), 1000).unref();
  }

  protected onEndOfStream(): void {
    // The barrier: the process is gone. LXD keeps the operation running until we close fd 0.
    this.closing = true;
    this.data.close(1000);
    this.ended();
  }
}

/**
 * A Readable fed by a websocket's binary frames and ended by the empty text frame. A socket that
 * closes or fails before that frame destroys the stream with `lost(cause)`: the output was cut.
 */
export function streamFrom(ws: WebSocket, lost: (cause?: Error) => Error): Readable {
  const stream = new Readable({
    // LXD sends frames of up to 128 KiB; a 16 KiB buffer would pause the socket after every frame.
    highWaterMark: 1024 * 1024,
    read: () => ws.resume(),
  });
  let ended = false;
  const end = (cut?: Error): void => {
    if (!ended) {
      ended = true;
      if (cut) {
        stream.destroy(cut);
      } else {
        stream.push(null);
      }
    }
  };
  ws.on('message', (data: Buffer, isBinary: boolean) => {
    if (isBinary) {
      if (!stream.push(data)) {
        ws.pause();
      }
    } else if (data.length === 0) {
      end();
    }
  });
  ws.once('close', () => end(lost()));
  ws.once('error', (e) => end(lost(e)));
  ws.resume();
  return stream;
}

function ended_(s: Readable): Promise<void> {
  return new Promise((resolve, reject) => {
    if (s.readableEnded) {
      resolve();
      return;
    }
    s.once('end', resolve);
    s.once('error', reject);
  });
}

function collect(s: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  s.on('data', (c: Buffer) => chunks.push(c));
  return new Promise((resolve, reject) => {
    s.once('end', () => resolve(Buffer.concat(chunks)));
    s.once('error', reject);
  });
}
