/**
 * Text for the live documents: a line buffer that keeps the last N lines, and console output
 * made readable in an editor. Pure: unit-tested without VS Code.
 */

/** The last `max` lines of a growing text; text may arrive in pieces that split lines. */
export class BoundedLines {
  private lines: string[] = [];
  /** The last line while it has no newline yet. */
  private partial = '';
  /** Lines dropped from the top since the buffer was made or cleared. */
  dropped = 0;

  constructor(readonly max: number) {}

  append(text: string): void {
    if (!text) {
      return;
    }
    const parts = (this.partial + text).split('\n');
    this.partial = parts.pop() ?? '';
    this.lines.push(...parts);
    this.trim();
  }

  /** Adds whole lines (a line of its own even when the last text ended mid-line). */
  appendLines(...lines: string[]): void {
    if (this.partial) {
      this.lines.push(this.partial);
      this.partial = '';
    }
    this.lines.push(...lines);
    this.trim();
  }

  clear(): void {
    this.lines = [];
    this.partial = '';
    this.dropped = 0;
  }

  /** Every kept line, the unfinished one last. */
  get all(): string[] {
    return this.partial ? [...this.lines, this.partial] : [...this.lines];
  }

  get length(): number {
    return this.lines.length + (this.partial ? 1 : 0);
  }

  get text(): string {
    return this.all.join('\n');
  }

  private trim(): void {
    const over = this.lines.length + (this.partial ? 1 : 0) - this.max;
    if (over > 0) {
      this.lines.splice(0, over);
      this.dropped += over;
    }
  }
}

// Console output is made of control characters: matching them is the point here.
/* eslint-disable no-control-regex */
/** Escape sequences: CSI (colours, cursor moves), OSC (titles), charset and one-character ones (`ESC c`). */
const ESCAPE = /\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[()#%][\x20-\x7e]|[\x20-\x7e])/g;
/** An escape sequence cut off at the end of a piece: kept for the next one. */
const ESCAPE_TAIL = /\x1b(?:\[[0-?]*[ -/]*|\][^\x07\x1b]*|[()#%])?$/;
/** Control characters an editor would show as symbols; tab and newline stay. */
const CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g;
/* eslint-enable no-control-regex */

/**
 * Console output (a terminal's byte stream) as plain lines: escape sequences and control characters
 * removed, `\r\n` a newline and a lone `\r` (a line drawn over) a new line too. Pieces are fed in
 * order; an escape sequence split between two pieces is removed whole.
 */
export class ConsoleText {
  private carry = '';
  private pendingCr = false;

  push(piece: string): string {
    let text = this.carry + piece;
    this.carry = '';
    const tail = ESCAPE_TAIL.exec(text);
    if (tail) {
      this.carry = tail[0];
      text = text.slice(0, tail.index);
    }
    text = text.replace(ESCAPE, '');
    if (this.pendingCr) {
      text = `\r${text}`;
      this.pendingCr = false;
    }
    // A `\r` at the very end may be the first half of `\r\n`.
    if (text.endsWith('\r')) {
      this.pendingCr = true;
      text = text.replace(/\r+$/, '');
    }
    return text.replace(/\r+\n?/g, '\n').replace(CONTROL, '');
  }
}
