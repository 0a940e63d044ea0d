import { StringDecoder } from 'node:string_decoder';

/**
 * Turns a stream of byte chunks into few, large terminal writes: chunks that arrive within one
 * tick are joined and decoded once, so a flood of small websocket frames costs a handful of
 * `onDidWrite` events instead of thousands (each one crosses to the renderer). UTF-8 sequences split
 * across chunks are kept whole.
 */
export class BatchedWriter {
  private readonly decoder = new StringDecoder('utf8');
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly emit: (text: string) => void,
    private readonly options: { delayMs?: number; maxBytes?: number; transform?: (text: string) => string } = {},
  ) {}

  push(chunk: Buffer): void {
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    if (this.pendingBytes >= (this.options.maxBytes ?? 256 * 1024)) {
      this.flush();
    } else {
      this.timer ??= setTimeout(() => this.flush(), this.options.delayMs ?? 5);
    }
  }

  /** Writes text at once, after anything still pending. */
  write(text: string): void {
    this.flush();
    this.emit(text);
  }

  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (!this.pending.length) {
      return;
    }
    const data = this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    const text = this.decoder.write(data);
    if (text) {
      this.emit(this.options.transform ? this.options.transform(text) : text);
    }
  }

  dispose(): void {
    this.flush();
    const rest = this.decoder.end();
    if (rest) {
      this.emit(rest);
    }
  }
}

/** Output of a process without a pty has bare `\n`: a terminal needs `\r\n` to return the carriage. */
export function toCrlf(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}

/** ANSI red for stderr, reset at every line end so a half line never colours what follows. */
export function red(text: string): string {
  return `\x1b[31m${text.replace(/\r\n/g, '\x1b[0m\r\n\x1b[31m')}\x1b[0m`;
}

/** The line a terminal shows when its process ended, like VS Code's own tasks. */
export function exitLine(code: number): string {
  return `\r\n\x1b[90m[process exited with code ${code}]\x1b[0m\r\n`;
}
