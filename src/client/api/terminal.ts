import WebSocket from 'ws';
import { TransportError } from '../errors';
import { OperationHandle } from '../operation';
import { SILENCE_MS } from '../websocket';

/** Where a session's sockets go, and how long they may stay silent (see ExecOptions.silenceMs, ConsoleOptions.silenceMs). */
export interface SessionLink {
  address: string;
  silenceMs: number;
}

/** The link of a session on `address`: silent for `silenceMs` at most (SILENCE_MS when not given). */
export function sessionLink(address: string, silenceMs: number | undefined): SessionLink {
  return { address, silenceMs: silenceMs ?? SILENCE_MS };
}

/** A session's socket closed before its end-of-stream frame (ECONNRESET), or went silent (ETIMEDOUT). */
export function connectionLost(link: SessionLink, silent: boolean, what: string, cause?: Error): TransportError {
  const how = silent ? `stopped answering (nothing came for ${link.silenceMs / 1000} s)` : 'closed';
  return new TransportError({
    message: `The connection to ${link.address} ${how} ${what}.`,
    code: silent ? 'ETIMEDOUT' : 'ECONNRESET',
    address: link.address,
    cause,
  });
}

/**
 * A data websocket plus the control websocket of an exec (pty) or console operation. Keystrokes go
 * as binary frames: a text frame on the pty makes LXD stop reading input. Control messages are
 * JSON text, and LXD wants window sizes as strings.
 */
export abstract class TerminalChannel {
  private readonly listeners = new Set<(data: Buffer) => void>();

  constructor(
    readonly operation: OperationHandle,
    protected readonly data: WebSocket,
    protected readonly control: WebSocket,
  ) {
    data.on('message', (chunk: Buffer, isBinary: boolean) => {
      if (isBinary) {
        this.listeners.forEach((l) => l(chunk));
      } else if (chunk.length === 0) {
        this.onEndOfStream();
      }
    });
  }

  onData(listener: (data: Buffer) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  write(bytes: Buffer | string): void {
    if (this.data.readyState === WebSocket.OPEN) {
      this.data.send(typeof bytes === 'string' ? Buffer.from(bytes) : bytes, { binary: true });
    }
  }

  /**
   * Stops reading the output (what is typed still goes out): the daemon's writes then block, and
   * so does the process writing to the terminal. For a reader that cannot keep up.
   */
  pause(): void {
    this.data.pause();
  }

  resume(): void {
    this.data.resume();
  }

  resize(width: number, height: number): void {
    this.sendControl({ command: 'window-resize', args: { width: String(width), height: String(height) } });
  }

  /** Starts delivering data; call once the subclass has attached its own listeners. */
  protected start(): void {
    this.data.resume();
    this.control.resume();
  }

  protected sendControl(message: object): void {
    if (this.control.readyState === WebSocket.OPEN) {
      this.control.send(JSON.stringify(message));
    }
  }

  protected closeControl(): void {
    if (this.control.readyState === WebSocket.OPEN) {
      this.control.close(1000);
    }
  }

  /** The server sent the empty text frame that ends the data stream. */
  protected abstract onEndOfStream(): void;
}
