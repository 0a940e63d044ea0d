import { StringDecoder } from 'node:string_decoder';

/** What a writer pauses while it is full: a websocket session, a stream. */
export interface Pausable {
  pause(): void;
  resume(): void;
}

export interface WriterOptions {
  /** The first write of a burst waits this long, so it carries many frames (default 5 ms). */
  delayMs?: number;
  /** Writes are this far apart while text is waiting: about one per frame (default 16 ms). */
  tickMs?: number;
  /** At most this many characters per write (default 16 Ki: about 1 M characters a second). */
  charsPerTick?: number;
  /** Past this many characters waiting, the sources are paused (default 256 Ki)… */
  highWater?: number;
  /** …and resumed once fewer than this many wait (default 64 Ki). */
  lowWater?: number;
  transform?: (text: string) => string;
}

/**
 * The pace at which a terminal's output reaches VS Code. A `Pseudoterminal` cannot say when the
 * renderer has drawn what it was given, so the writer sets the pace itself: chunks that arrive
 * within a few milliseconds become one write (thousands of small websocket frames cost a handful of
 * `onDidWrite` events, each of which crosses to the renderer), writes are a frame apart and at most
 * `charsPerTick` long, and when more than `highWater` characters wait, the sources given to
 * `throttle` are paused until the queue drains below `lowWater`. A paused websocket stops reading,
 * so the daemon stops sending and the process in the instance blocks on its terminal: `yes`
 * cannot flood the extension host or the renderer, nothing is dropped, memory stays bounded, and
 * Ctrl-C still goes out at once. UTF-8 sequences split across chunks are kept whole.
 */
export class BatchedWriter {
  private readonly decoder = new StringDecoder('utf8');
  private readonly queue: string[] = [];
  private queued = 0;
  private timer?: NodeJS.Timeout;
  private readonly sources = new Set<Pausable>();
  private paused = false;
  private readonly o: Required<Omit<WriterOptions, 'transform'>> & Pick<WriterOptions, 'transform'>;

  constructor(
    private readonly emit: (text: string) => void,
    options: WriterOptions = {},
  ) {
    this.o = { delayMs: 5, tickMs: 16, charsPerTick: 16 * 1024, highWater: 256 * 1024, lowWater: 64 * 1024, ...options };
  }

  /** Characters waiting to be written. */
  get pending(): number {
    return this.queued;
  }

  /** Pauses `source` whenever the writer is full, and resumes it once drained. */
  throttle(source: Pausable): void {
    this.sources.add(source);
    if (this.paused) {
      source.pause();
    }
  }

  /** Queues a chunk of bytes (decoded, then transformed). */
  push(chunk: Buffer): void {
    const text = this.decoder.write(chunk);
    if (text) {
      this.enqueue(this.o.transform ? this.o.transform(text) : text);
    }
  }

  /** Queues text after anything still waiting. */
  write(text: string): void {
    this.enqueue(text);
  }

  /** Writes everything waiting now, in one write. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.queued) {
      this.emitNext(this.queued);
    }
  }

  dispose(): void {
    const rest = this.decoder.end();
    if (rest) {
      this.enqueue(this.o.transform ? this.o.transform(rest) : rest);
    }
    this.flush();
    this.sources.clear();
  }

  private enqueue(text: string): void {
    if (!text) {
      return;
    }
    this.queue.push(text);
    this.queued += text.length;
    if (!this.paused && this.queued > this.o.highWater) {
      this.paused = true;
      this.sources.forEach((s) => s.pause());
    }
    this.timer ??= setTimeout(() => this.tick(), this.o.delayMs);
  }

  private tick(): void {
    this.timer = undefined;
    this.emitNext(this.o.charsPerTick);
    if (this.queued) {
      this.timer = setTimeout(() => this.tick(), this.o.tickMs);
    }
  }

  /** Writes up to `max` characters from the front of the queue, never splitting a surrogate pair. */
  private emitNext(max: number): void {
    let out = '';
    while (this.queue.length && out.length < max) {
      const head = this.queue[0];
      let room = max - out.length;
      if (head.length <= room) {
        out += head;
        this.queue.shift();
        continue;
      }
      if (isHighSurrogate(head.charCodeAt(room - 1))) {
        room--;
      }
      out += head.slice(0, room);
      this.queue[0] = head.slice(room);
      break;
    }
    this.queued -= out.length;
    if (out) {
      this.emit(out);
    }
    if (this.paused && this.queued < this.o.lowWater) {
      this.paused = false;
      this.sources.forEach((s) => s.resume());
    }
  }
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
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
